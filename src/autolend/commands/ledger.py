"""`autolend ledger trial-balance [--as-of D] [--json]`: every account's balance and the totals."""

from __future__ import annotations

import argparse
import json
from datetime import date

from autolend.commands.base import Subparsers, UsageError, django_setup, format_table


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("ledger", help="read the books", description=__doc__)
    actions = parser.add_subparsers(title="actions", metavar="ACTION", required=True)
    tb = actions.add_parser("trial-balance", help="trial balance as of a date (default: all postings)")
    tb.add_argument("--as-of", metavar="DATE", help="include postings dated on or before YYYY-MM-DD")
    tb.add_argument("--json", action="store_true", help="print JSON")
    tb.set_defaults(handler=handle_trial_balance)


def parse_date(text: str | None, flag: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{flag}: {text!r} is not a date (YYYY-MM-DD)") from None


def handle_trial_balance(args: argparse.Namespace) -> int:
    as_of = parse_date(args.as_of, "--as-of")
    django_setup()
    from autolend.ledger.selectors import trial_balance

    tb = trial_balance(as_of)
    if args.json:
        print(json.dumps({
            "as_of": as_of.isoformat() if as_of else None,
            "total_debit": str(tb.total_debit),
            "total_credit": str(tb.total_credit),
            "balanced": tb.balanced,
            "accounts": [a.as_json() for a in tb.accounts],
        }, ensure_ascii=False, indent=2))
        return 0
    rows = [[a.code, a.name_zh, a.name, str(a.debit), str(a.credit)] for a in tb.accounts if a.debit or a.credit]
    print(format_table(["code", "科目", "account", "debit", "credit"], rows))
    print(f"\ntotal debit {tb.total_debit}  total credit {tb.total_credit}  {'balanced' if tb.balanced else 'NOT BALANCED'}")
    return 0
