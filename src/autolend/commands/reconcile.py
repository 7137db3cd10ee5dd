"""`autolend reconcile [--json]`: every loan's balances against its dues and its ledger subledger,
and the trial balance. Prints `{"ok", "loans_checked", "differences"}`; exit 1 when not ok."""

from __future__ import annotations

import argparse
import sys

from autolend.commands._servicing import print_json
from autolend.commands.base import Subparsers, django_setup, format_table


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("reconcile", help="check loans against the ledger", description=__doc__)
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    django_setup()
    from autolend.servicing.selectors import reconcile_report

    report = reconcile_report()
    if args.json:
        print_json(report)
    else:
        print(f"{report['loans_checked']} loans checked, {len(report['differences'])} differences, "
              f"trial balance {'balanced' if report['trial_balance_balanced'] else 'NOT BALANCED'}")
        if report["differences"]:
            rows = [[d["loan"], d["check"], d["expected"], d["actual"]] for d in report["differences"]]
            print(format_table(["loan", "check", "loan says", "found"], rows))
    if not report["ok"]:
        print("reconcile: the books do not agree", file=sys.stderr)
        return 1
    return 0
