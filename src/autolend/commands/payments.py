"""`autolend payments post`: post a repayment received for a loan (idempotent by --key).

`payments post --loan NUMBER --amount X --date D --key K [--channel C] [--json]` prints the
transaction (amounts as decimal strings). The same key with the same loan, amount, date and
channel prints the first result again and writes nothing; the same key with anything else exits 2.

`payments import --file CSV --date D [--chunk N] [--json]` posts a bank file (代扣/转账文件): a CSV
with the header `loan,amount,key` (optional `channel`, default bank_transfer, and `external_ref`),
each line exactly as `payments post` would post it, N lines per transaction (default 500), with
progress on stderr. It prints how many were posted, replayed (key seen before) and refused, and
each refusal with its line number; exit 1 when any line was refused (the others are posted), exit 2
when the file itself cannot be read.
"""

from __future__ import annotations

import argparse
import csv
import sys

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
    bank_file = actions.add_parser("import", help="post a bank file of repayments (CSV: loan,amount,key)")
    bank_file.add_argument("--file", required=True, metavar="CSV", help="the bank file")
    bank_file.add_argument("--date", required=True, metavar="DATE", help="business date received (YYYY-MM-DD)")
    bank_file.add_argument("--chunk", type=int, default=500, metavar="N", help="lines per transaction (default 500)")
    bank_file.add_argument("--json", action="store_true", help="print JSON")
    bank_file.set_defaults(handler=handle_import)


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


def handle_import(args: argparse.Namespace) -> int:
    day = date_arg(args.date, "--date")
    assert day is not None
    if args.chunk < 1:
        raise UsageError("--chunk: must be at least 1")
    rows = _bank_file(args.file)
    django_setup()
    from autolend.servicing.services import RepaymentLine, repayments_post_batch

    not_after_business_date(day)
    lines = [RepaymentLine(row["loan"], row["amount"], row["key"], row.get("channel") or "bank_transfer",
                           row.get("external_ref") or "") for row in rows]

    def progress(done: int, total: int) -> None:
        print(f"payments import: {done:,}/{total:,} lines", file=sys.stderr)

    with usage_errors():
        result = repayments_post_batch(lines, day, chunk=args.chunk, progress=progress)
    report = result.as_json()
    if args.json:
        print_json(report)
    else:
        print(f"{report['posted']} posted, {report['replayed']} replayed, {report['refused']} refused")
        for refusal in report["refusals"]:
            print(f"line {refusal['line']}: {refusal['field']}: {refusal['message']}")
    return 1 if result.refused else 0


def _bank_file(path: str) -> list[dict[str, str]]:
    """The CSV's rows; a file that cannot be read or lacks a column is a UsageError."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = {"loan", "amount", "key"} - set(reader.fieldnames or [])
            if missing:
                raise UsageError(f"--file: {path} has no column {', '.join(sorted(missing))} (need loan,amount,key)")
            return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise UsageError(f"--file: cannot read {path}: {exc}") from None
