"""`autolend status [--json]`: the business date, loans by status, overdue dues and the books."""

from __future__ import annotations

import argparse

from autolend.commands._servicing import print_json
from autolend.commands.base import Subparsers, django_setup, format_table


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("status", help="business date, loan counts and the books", description=__doc__)
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    django_setup()
    from autolend.servicing.queries import status_summary

    summary = status_summary()
    if args.json:
        print_json(summary)
        return 0
    print(f"business date      {summary['business_date'] or '(no end of day yet)'}")
    print(format_table(["status", "loans"], [[k, str(v)] for k, v in summary["loans"].items()]))
    print(f"\noverdue dues       {summary['dues_overdue']} (on {summary['loans_overdue']} loans)")
    print(f"principal          {summary['principal_outstanding']} outstanding on active loans")
    print(f"approvals pending  {summary['approvals_pending']}")
    print(f"journal entries    {summary['journal_entries']}")
    print(f"trial balance      {'balanced' if summary['trial_balance_ok'] else 'NOT BALANCED'}")
    return 0
