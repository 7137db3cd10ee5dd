"""`autolend vin check VIN`: validate and decode a VIN (no database needed).

The report is the result, so the exit status is 0 for a valid and for an invalid VIN alike
(`"valid": false` with the errors); 2 only for bad usage, e.g. a missing VIN argument.
`--json` prints {"valid", "errors", "wmi", "manufacturer", "country", "model_year", ...}.
"""

from __future__ import annotations

import argparse
import json
from datetime import date

from autolend.commands.base import Subparsers, UsageError


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("vin", help="check and decode a VIN (车辆识别代号)", description=__doc__)
    commands = parser.add_subparsers(title="vin commands", metavar="COMMAND")
    check = commands.add_parser("check", help="validate a VIN and decode maker, country, model year")
    check.add_argument("vin", metavar="VIN", help="the 17-character VIN")
    check.add_argument("--json", action="store_true", help="print the JSON report")
    check.add_argument(
        "--reference-year", type=int, metavar="YEAR",
        help="settles the 30-year model-year cycle outside North America (default: this year)",
    )
    check.add_argument(
        "--check-digit", choices=("auto", "always", "report"), default="auto",
        help="auto: mandatory in North America and China only (default); always; report: never invalid",
    )
    check.set_defaults(handler=handle_check)


def handle_check(args: argparse.Namespace) -> int:
    from autolend.vehicles.vin import CheckDigitPolicy, VinRules, vin_check

    reference_year = args.reference_year if args.reference_year is not None else date.today().year
    if not 1980 <= reference_year <= 2100:
        raise UsageError("--reference-year: must be between 1980 and 2100")
    report = vin_check(args.vin, reference_year, VinRules(check_digit=CheckDigitPolicy(args.check_digit)))
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    print(f"VIN           {report['vin']}")
    print(f"valid         {'yes' if report['valid'] else 'no'}")
    print(f"check digit   {report['check_digit'] or '-'}")
    maker = report["manufacturer"] or "unknown"
    if report["manufacturer_zh"]:
        maker += f" ({report['manufacturer_zh']})"
    print(f"WMI           {report['wmi'] or '-'}  {maker}")
    print(f"country       {report['country'] or '-'}")
    candidates = ", ".join(map(str, report["model_year_candidates"])) or "-"
    print(f"model year    {report['model_year'] or '-'}  (candidates {candidates})")
    for label, items in (("error", report["errors"]), ("warning", report["warnings"])):
        for item in items:
            print(f"{label}: {item['message_en']} / {item['message_zh']}")
    return 0
