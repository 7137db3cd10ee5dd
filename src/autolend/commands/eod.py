"""`autolend eod --date D [--to D2] [--partitions P] [--json]`: run end of day (日终).

Closes each business date from D to D2 in order (accrual, fees due, days past due, penalty
interest, classification, provisions), partition by partition, then the day steps of the other
apps (AUTOLEND_EOD_DAY_STEPS: applications expiry, collateral's daily checks, collections and
reminders), with progress on stderr. A date already closed is skipped; D must be the business
date (EOD never skips a day). ``--json`` gives each date's totals and each day step's summary.
"""

from __future__ import annotations

import argparse

from autolend.commands._servicing import date_arg, print_json, usage_errors
from autolend.commands.base import Subparsers, UsageError, django_setup


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("eod", help="run end of day for a date or a range", description=__doc__)
    parser.add_argument("--date", required=True, metavar="DATE", help="first business date to close (YYYY-MM-DD)")
    parser.add_argument("--to", metavar="DATE", help="last business date to close (default: --date)")
    parser.add_argument("--partitions", type=_partitions, help="partitions (Celery tasks) per date")
    parser.add_argument("--json", action="store_true", help="print the days' results as JSON")
    parser.set_defaults(handler=handle)


def _partitions(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 10_000:
        raise argparse.ArgumentTypeError(f"not a partition count (1-10000): {text!r}")
    return int(text)


def handle(args: argparse.Namespace) -> int:
    first = date_arg(args.date, "--date")
    last = date_arg(args.to, "--to")
    assert first is not None
    if last is not None and last < first:
        raise UsageError(f"--to: {last} is before --date {first}")
    django_setup()
    from autolend.servicing.eod import eod_run, print_progress

    with usage_errors():
        days = eod_run(first, last, partitions=args.partitions, progress=print_progress)
    if args.json:
        print_json([day.as_json() for day in days])
        return 0
    for day in days:
        steps = ", ".join(day.steps)
        state = "already closed, skipped" if day.skipped else f"closed: {day.loans} active loans" + (
            f"; day steps: {steps}" if steps else "")
        print(f"{day.business_date}  {state}")
    return 0
