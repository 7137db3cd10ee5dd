"""`autolend loans list|show`: the loan book as JSON (amounts as decimal strings) or tables.

`loans list [--status S] [--bucket M1] [--limit N] [--offset N] --json` → `[{"number", "status",
"principal_outstanding", "total_outstanding", "days_past_due", "classification"}]`;
`loans show NUMBER [--as-of D] --json` → the same plus terms, schedule, transactions and journal lines.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from itertools import islice
from typing import Any

from autolend.commands._servicing import date_arg, print_json, usage_errors
from autolend.commands.base import Subparsers, django_setup, format_table


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("loans", help="list and show loans", description=__doc__)
    actions = parser.add_subparsers(title="actions", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="loans by number, optionally filtered")
    listing.add_argument("--status", help="pending_disbursement, active, paid_off, written_off, …")
    listing.add_argument("--bucket", help="days-past-due bucket of active loans: M0, M1 … M7+")
    listing.add_argument("--limit", type=_count, help="at most N loans (default: all)")
    listing.add_argument("--offset", type=_count, default=0, help="skip the first N loans")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=handle_list)
    show = actions.add_parser("show", help="one loan: summary, schedule, transactions, journal lines")
    show.add_argument("number", help="the loan number, e.g. AL00000001")
    show.add_argument("--as-of", metavar="DATE", help="judge due/overdue on this date (default: the business date)")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(handler=handle_show)


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}")
    return int(text)


def handle_list(args: argparse.Namespace) -> int:
    django_setup()
    from autolend.servicing.queries import loans_query
    from autolend.servicing.selectors import loan_summary

    with usage_errors():
        loans = loans_query(status=args.status, bucket=args.bucket)
    stop = None if args.limit is None else args.offset + args.limit
    rows = (loan_summary(loan) for loan in islice(loans.iterator(chunk_size=2000), args.offset, stop))
    if args.json:
        _stream_json_list(rows)
        return 0
    header = ["number", "status", "principal", "total", "dpd", "class"]
    table = [[r["number"], r["status"], r["principal_outstanding"], r["total_outstanding"],
              str(r["days_past_due"]), r["classification"]] for r in rows]
    print(format_table(header, table) if table else "no loans")
    return 0


def _stream_json_list(rows: Iterable[dict[str, Any]]) -> None:
    """A JSON array written row by row (a large book never sits in memory as one string)."""
    out, first = sys.stdout, True
    out.write("[")
    for row in rows:
        out.write(("\n  " if first else ",\n  ") + json.dumps(row, ensure_ascii=False))
        first = False
    out.write("]\n" if first else "\n]\n")


def handle_show(args: argparse.Namespace) -> int:
    as_of = date_arg(args.as_of, "--as-of")
    django_setup()
    from autolend.servicing.selectors import loan_detail

    with usage_errors():
        detail = loan_detail(args.number, as_of)
    if args.json:
        print_json(detail)
        return 0
    print(f"{detail['number']}  {detail['status']}  {detail['product_code']}  {detail['borrower_name']}")
    print(f"principal outstanding {detail['principal_outstanding']}  total {detail['total_outstanding']}  "
          f"dpd {detail['days_past_due']} ({detail['dpd_bucket']})  {detail['classification']}\n")
    rows = [[str(r["n"]), r["due_date"], r["principal"], r["interest"], r["fee"], r["penalty"], r["paid"],
             r["status"]] for r in detail["schedule"]]
    print(format_table(["n", "due", "principal", "interest", "fee", "penalty", "paid", "status"], rows))
    print()
    txns = [[str(t["id"]), t["business_date"], t["kind"], t["amount"], t["channel"]] for t in detail["transactions"]]
    print(format_table(["id", "date", "kind", "amount", "channel"], txns))
    return 0
