"""`autolend collateral revalue|daily|sweep|alerts`: collateral batch jobs and the alert feed.

    autolend collateral revalue --date D [--method depreciation|ml] [--loans N1,N2] [--json]
    autolend collateral daily --date D [--json]       revaluation, mortgage deadlines, GPS sweep,
                                                      closing settled repossessions (what EOD runs)
    autolend collateral sweep --at 2025-03-03T12:00+08:00 [--json]   GPS time rules only
    autolend collateral alerts [--loan N] [--kind K] [--all] [--json]

Bad input exits 2 with one line on stderr.
"""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime
from typing import Any

from autolend.commands.base import Subparsers, UsageError, django_setup, format_table


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("collateral", help="collateral jobs: revaluation, checks, GPS alerts",
                                   description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = parser.add_subparsers(title="actions", metavar="ACTION", required=True)
    revalue = actions.add_parser("revalue", help="value the cars of active loans; LTV alerts")
    revalue.add_argument("--date", required=True, help="business date YYYY-MM-DD")
    revalue.add_argument("--method", choices=("depreciation", "ml"), default="depreciation")
    revalue.add_argument("--loans", help="comma-separated loan numbers (default: every active loan)")
    revalue.add_argument("--json", action="store_true", help="print JSON")
    revalue.set_defaults(handler=handle_revalue)
    daily = actions.add_parser("daily", help="everything collateral does at the end of a business date")
    daily.add_argument("--date", required=True, help="business date YYYY-MM-DD")
    daily.add_argument("--json", action="store_true", help="print JSON")
    daily.set_defaults(handler=handle_daily)
    sweep = actions.add_parser("sweep", help="GPS time rules (offline, no movement, long stays)")
    sweep.add_argument("--at", required=True, help="ISO 8601 time with offset")
    sweep.add_argument("--json", action="store_true", help="print JSON")
    sweep.set_defaults(handler=handle_sweep)
    alerts = actions.add_parser("alerts", help="collateral alerts, most severe first")
    alerts.add_argument("--loan", default="", help="one loan number")
    alerts.add_argument("--kind", default="", help="one alert kind, e.g. gps_tamper")
    alerts.add_argument("--all", action="store_true", help="closed alerts too")
    alerts.add_argument("--json", action="store_true", help="print JSON")
    alerts.set_defaults(handler=handle_alerts)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--date: {text!r} is not a date (YYYY-MM-DD)") from None


def _print(result: Any, as_json: bool) -> int:
    if as_json:
        print(json.dumps(result, ensure_ascii=False, indent=2, default=str))
    else:
        for key, value in result.items():
            print(f"{key:22} {value}")
    return 0


def handle_revalue(args: argparse.Namespace) -> int:
    day = _date(args.date)
    django_setup()
    from autolend.collateral.services import collateral_revalue
    from autolend.servicing.models import Loan

    loans = None
    if args.loans:
        numbers = [n.strip() for n in args.loans.split(",") if n.strip()]
        loans = list(Loan.objects.filter(number__in=numbers).values_list("pk", flat=True))
        if len(loans) != len(set(numbers)):
            raise UsageError("--loans: some loan numbers do not exist")
    return _print(collateral_revalue(day, loans, args.method).as_json(), args.json)


def handle_daily(args: argparse.Namespace) -> int:
    day = _date(args.date)
    django_setup()
    from autolend.collateral.services import collateral_daily

    return _print(collateral_daily(day), args.json)


def handle_sweep(args: argparse.Namespace) -> int:
    try:
        at = datetime.fromisoformat(args.at)
    except ValueError:
        raise UsageError(f"--at: {args.at!r} is not an ISO 8601 time") from None
    if at.tzinfo is None:
        raise UsageError("--at: give a UTC offset, e.g. 2025-03-03T12:00+08:00")
    django_setup()
    from autolend.collateral.services import gps_sweep

    return _print(gps_sweep(at), args.json)


def handle_alerts(args: argparse.Namespace) -> int:
    django_setup()
    from autolend.collateral.selectors import alert_json, alerts_list

    rows = [alert_json(a) for a in alerts_list(open_only=not args.all, kind=args.kind, loan=args.loan, limit=1000)]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    table = [[str(r["id"]), r["severity"], r["kind"], r["loan"] or "-", r["opened_at"][:16], "open" if r["open"] else "closed"]
             for r in rows]
    print(format_table(["id", "severity", "kind", "loan", "opened", "state"], table))
    return 0
