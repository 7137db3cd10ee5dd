"""`autolend apr --json`: annualised rate of the cash flows given as one JSON object on stdin."""

from __future__ import annotations

import argparse
import json
import sys

from autolend.commands.base import Subparsers, UsageError


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "apr",
        help="APR of dated or periodic cash flows read as JSON on stdin",
        description=__doc__,
        epilog='dated: {"unit_period":"month","advances":[{"date","amount"}],"payments":[{"date","amount"}]}; '
        'periodic: {"amount_financed":"5000","unit_period":"month",'
        '"payments":[{"amount":"230","count":24,"first_period":1,"odd_fraction":"0"}]}',
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON (the default)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from autolend.kernel.apr import AprInputError, apr_from_request

    try:
        request = json.loads(sys.stdin.read(), parse_float=str)
    except json.JSONDecodeError as exc:
        raise UsageError(f"stdin: not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from None
    if not isinstance(request, dict):
        raise UsageError("stdin: expected one JSON object")
    try:
        result = apr_from_request(request)
    except AprInputError as exc:
        raise UsageError(f"{exc.field}: {exc.message}") from None
    print(json.dumps(result.as_json()))
    return 0
