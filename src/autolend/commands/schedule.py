"""`autolend schedule`: a repayment schedule with totals and APR (no database needed)."""

from __future__ import annotations

import argparse
import json

from autolend.commands.base import Subparsers, UsageError, format_table

# (flag, request field, help)
OPTIONS: tuple[tuple[str, str, str], ...] = (
    ("--principal", "principal", "loan amount in yuan (required)"),
    ("--annual-rate", "annual_rate", "nominal annual rate in percent, e.g. 12 (required)"),
    ("--installments", "installments", "number of instalments (required)"),
    ("--every", "every", "repay every N units (default 1)"),
    ("--unit", "unit", "days | weeks | months (default months)"),
    ("--disbursed", "disbursed", "disbursement date YYYY-MM-DD (required)"),
    ("--first-due", "first_due", "first due date YYYY-MM-DD (default one period after disbursement)"),
    ("--method", "method", "annuity | equal-principal | interest-only | balloon | flat (default annuity)"),
    ("--balloon", "balloon", "balloon amount due with the last instalment (balloon method)"),
    ("--days-in-year", "days_in_year", "360 | 364 | 365 | actual (default 360)"),
    ("--days-in-month", "days_in_month", "30 | actual (default 30)"),
    ("--interest-per", "interest_per", "period | day (default period)"),
    ("--grace-principal", "grace_principal", "instalments with no principal due"),
    ("--grace-interest", "grace_interest", "instalments whose interest is paid after the grace"),
    ("--decimals", "decimals", "decimal places of money (default 2)"),
    ("--rounding", "rounding", "half-up | half-even (default half-up)"),
    ("--multiples-of", "multiples_of", "instalment in multiples of, e.g. 1 or 10"),
    ("--amount-multiples-of", "amount_multiples_of", "every amount in multiples of"),
    ("--fee-upfront", "fee_upfront", "fee paid at disbursement (counts in the APR)"),
    ("--fee-per-installment", "fee_per_installment", "fee added to every instalment"),
)
FLAG_OF = {field: flag for flag, field, _ in OPTIONS}


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("schedule", help="print a repayment schedule, totals and APR", description=__doc__)
    for flag, field, text in OPTIONS:
        parser.add_argument(flag, dest=field, metavar=field.split("_")[-1].upper(), help=text)
    parser.add_argument("--json", action="store_true", help="print the JSON contract")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from autolend.kernel.quote import schedule_quote, terms_from_request
    from autolend.kernel.schedule import ScheduleInputError

    request = {field: getattr(args, field) for _, field, _ in OPTIONS if getattr(args, field) is not None}
    try:
        quote = schedule_quote(terms_from_request(request))
    except ScheduleInputError as exc:
        raise UsageError(f"{FLAG_OF.get(exc.field, exc.field)}: {exc.message}") from None
    if args.json:
        print(json.dumps(quote, ensure_ascii=False, indent=2))
        return 0
    columns = ("n", "due_date", "principal", "interest", "fees", "total", "balance")
    print(format_table(list(columns), [[str(row[c]) for c in columns] for row in quote["installments"]]))
    totals, apr = quote["totals"], quote["apr"]
    print(
        f"\ntotal repayment {totals['repayment']}  interest {totals['interest']}  fees {totals['fees']}"
        f"\nAPR {apr['apr_percent']}% (simple)  {apr['effective_annual_percent']}% (compound, IRR)"
    )
    return 0
