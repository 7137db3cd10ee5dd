"""`autolend payments post`: post a repayment received for a loan (idempotent by --key).

`payments post --loan NUMBER --amount X --date D --key K [--channel C] [--json]` prints the
transaction (amounts as decimal strings). The same key with the same loan, amount, date and
channel prints the first result again and writes nothing; the same key with anything else exits 2.
"""

from __future__ import annotations

import argparse

from autolend.commands._servicing import date_arg, not_after_business_date, print_json, usage_errors
from autolend.commands.base import Subparsers, UsageError, django_setup

CHANNELS = ("manual", "bank_transfer", "auto_debit", "cash")


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("payments", help="post repayments", description=__doc__)
    actions = parser.add_subparsers(title="actions", metavar="ACTION", required=True)
    post = actions.add_parser("post", help="post a repayment (idempotent by --key)")
    post.add_argument("--loan", required=True, metavar="NUMBER", help="loan number, e.g. AL00000001")
    post.add_argument("--amount", required=True, metavar="YUAN", help="amount received, e.g. 8884.88")
    post.add_argument("--date", required=True, metavar="DATE", help="business date received (YYYY-MM-DD)")
    post.add_argument("--key", required=True, metavar="KEY", help="idempotency key (1 to 160 characters)")
    post.add_argument("--channel", default="manual", choices=CHANNELS, help="how it was paid (default manual)")
    post.add_argument("--json", action="store_true", help="print JSON")
    post.set_defaults(handler=handle_post)


def handle_post(args: argparse.Namespace) -> int:
    day = date_arg(args.date, "--date")
    assert day is not None
    if not args.key.strip():
        raise UsageError("--key: is required (1 to 160 characters)")
    django_setup()
    from autolend.servicing.selectors import transaction_json
    from autolend.servicing.services import repayment_post

    not_after_business_date(day)
    with usage_errors():
        txn = repayment_post(args.loan, args.amount, day, args.key, channel=args.channel)
    result = transaction_json(txn)
    if args.json:
        print_json(result)
        return 0
    print(f"{result['kind']} {result['amount']} on {result['loan']} ({result['business_date']}): "
          f"principal {result['principal']}, interest {result['interest']}, fee {result['fee']}, "
          f"penalty {result['penalty']}, credit {result['overpayment']}  [transaction {result['id']}]")
    return 0
