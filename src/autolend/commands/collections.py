"""`autolend collections eod --date D [--to D2] [--json]` and `autolend collections report --as-of D
[--window N] [--json]`: the collections end-of-day step (催收日终) and its metrics.

`eod` runs ``collections.eod.collections_eod`` for each date (after servicing's `autolend eod`
closed it); `report` prints roll rates, cure rate, promise-kept rate and collector productivity.
"""

from __future__ import annotations

import argparse
from datetime import timedelta

from autolend.commands._servicing import date_arg, print_json, usage_errors
from autolend.commands.base import Subparsers, UsageError, django_setup


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("collections", help="collections: end of day step and report", description=__doc__)
    actions = parser.add_subparsers(dest="collections_action", metavar="ACTION", required=True)
    eod = actions.add_parser("eod", help="run the collections step for a date or a range")
    eod.add_argument("--date", required=True, metavar="DATE", help="first business date (YYYY-MM-DD)")
    eod.add_argument("--to", metavar="DATE", help="last business date (default: --date)")
    eod.add_argument("--json", action="store_true", help="print the days' results as JSON")
    eod.set_defaults(handler=handle_eod)
    report = actions.add_parser("report", help="roll rates, cure rate, promise-kept rate, productivity")
    report.add_argument("--as-of", required=True, metavar="DATE", help="business date of the report")
    report.add_argument("--window", type=int, default=30, help="window in days (default 30)")
    report.add_argument("--json", action="store_true", help="print JSON")
    report.set_defaults(handler=handle_report)


def handle_eod(args: argparse.Namespace) -> int:
    first = date_arg(args.date, "--date")
    last = date_arg(args.to, "--to") or first
    assert first is not None and last is not None
    if last < first:
        raise UsageError(f"--to: {last} is before --date {first}")
    django_setup()
    from autolend.collections.eod import collections_eod

    days = []
    day = first
    with usage_errors():
        while day <= last:
            days.append(collections_eod(day).as_json())
            day += timedelta(days=1)
    if args.json:
        print_json(days)
        return 0
    for d in days:
        print(f"{d['business_date']}  opened {d['opened']}  closed {d['closed']}  queue changes {d['queue_changes']}"
              f"  SLA breaches {d['sla_breaches']}  reminders {sum(d['reminders'].values())}")
    return 0


def handle_report(args: argparse.Namespace) -> int:
    as_of = date_arg(args.as_of, "--as-of")
    assert as_of is not None
    if not 1 <= args.window <= 366:
        raise UsageError("--window: must be 1 to 366 days")
    django_setup()
    from autolend.collections.metrics import metrics_report

    report = metrics_report(as_of, args.window)
    if args.json:
        print_json(report)
        return 0
    print(f"Collections report as of {report['as_of']} ({report['window_days']} days)")
    for name, roll in report["roll_rates"].items():
        print(f"  roll {name}: {roll['rolled']}/{roll['from']} = {roll['rate']}")
    print(f"  cure rate {report['cure_rate']}  promise-kept rate {report['promise_kept_rate']}"
          f"  open cases {report['cases']['open']}")
    return 0
