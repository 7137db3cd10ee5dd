"""`autolend valuation train|evaluate|quote`: the ML used-car valuation model (no database needed).

    autolend valuation train --data CSV --out DIR [--format standard|cardekho] [--json]
    autolend valuation evaluate --model DIR --data CSV --json      → {"mape", "r2", "n"}
    autolend valuation quote --model DIR --make M --model-name X --year Y --mileage-km K --json

The CSV schema is documented in autolend.vehicles.valuation_data. MAPE is on price as a fraction
(0.15 = 15 %), R² on log price. Progress goes to stderr; bad input exits 2 with one line.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from autolend.commands.base import Subparsers, UsageError

QUOTE_TEXT = ("variant", "fuel", "transmission", "seller_type", "body_type", "region")
QUOTE_NUMBERS = ("engine_cc", "power_kw", "seats", "owners", "battery_kwh")


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("valuation", help="train, evaluate and quote the ML valuation model", description=__doc__)
    commands = parser.add_subparsers(title="valuation commands", metavar="COMMAND")

    train = commands.add_parser("train", help="train on a sales CSV and save the model to a directory")
    _data_options(train)
    train.add_argument("--out", required=True, metavar="DIR", help="model directory to write")
    train.add_argument("--folds", type=int, default=5, help="cross-validation folds (default 5)")
    train.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    train.add_argument("--threads", type=int, default=2, help="LightGBM threads (default 2; same result)")
    train.add_argument("--currency", help="currency of the prices (default CNY; INR for cardekho)")
    train.add_argument("--json", action="store_true", help="print a JSON summary")
    train.set_defaults(handler=handle_train)

    evaluate = commands.add_parser("evaluate", help="score a saved model on a sales CSV")
    evaluate.add_argument("--model", required=True, metavar="DIR", help="model directory")
    _data_options(evaluate)
    evaluate.add_argument("--json", action="store_true", help='print {"mape", "r2", "n"}')
    evaluate.set_defaults(handler=handle_evaluate)

    quote = commands.add_parser("quote", help="value one car with a saved model")
    quote.add_argument("--model", required=True, metavar="DIR", help="model directory")
    quote.add_argument("--make", required=True, help="brand, e.g. BYD")
    quote.add_argument("--model-name", required=True, help="model line, e.g. 'Qin PLUS'")
    quote.add_argument("--year", required=True, help="model year, e.g. 2021")
    quote.add_argument("--mileage-km", required=True, help="odometer in km")
    for name in QUOTE_TEXT + QUOTE_NUMBERS:
        quote.add_argument(f"--{name.replace('_', '-')}", dest=name, help=f"{name} (see the CSV schema)")
    quote.add_argument("--as-of", help="valuation date YYYY-MM-DD (default today)")
    quote.add_argument("--json", action="store_true", help='print {"value", "low", "high", ...}')
    quote.set_defaults(handler=handle_quote)


def _data_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", required=True, metavar="CSV", help="sales CSV")
    parser.add_argument("--format", choices=("standard", "cardekho"), default="standard", help="CSV layout")
    parser.add_argument("--reference-date", metavar="DATE", help="sale date of rows without one")


def _progress(message: str) -> None:
    print(f"[valuation] {message}", file=sys.stderr, flush=True)


def _date(flag: str, text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{flag}: not a date YYYY-MM-DD: {text!r}") from None


def _records(args: argparse.Namespace) -> tuple[list[Any], Any]:
    from autolend.vehicles.valuation_data import ValuationDataError, read_sales_csv

    try:
        return read_sales_csv(Path(args.data), args.format, _date("--reference-date", args.reference_date))
    except (ValuationDataError, UnicodeDecodeError) as exc:
        raise UsageError(f"--data: {exc}") from None


def _load(directory: str) -> Any:
    from autolend.vehicles.valuation_artifact import ArtifactError, load_model

    try:
        return load_model(Path(directory))
    except ArtifactError as exc:
        raise UsageError(f"--model: {exc}") from None


def handle_train(args: argparse.Namespace) -> int:
    from autolend.vehicles.valuation import MIN_ROWS, ValuationParams, train
    from autolend.vehicles.valuation_artifact import save_model

    started = time.perf_counter()
    records, report = _records(args)
    _progress(
        f"{report.rows_read} rows read, {report.duplicates_removed} duplicates removed, "
        f"{sum(report.dropped.values())} dropped, {report.rows_kept} kept"
    )
    if not 2 <= args.folds <= 20:
        raise UsageError("--folds: must be between 2 and 20")
    if len(records) * (args.folds - 1) / args.folds < MIN_ROWS:
        raise UsageError(f"--data: too few usable rows ({len(records)}) to train with {args.folds} folds")
    currency = args.currency or ("INR" if args.format == "cardekho" else "CNY")
    data = {
        "file": Path(args.data).name, "format": args.format, "sha256": report.data_sha256,
        "rows_read": report.rows_read, "rows_used": report.rows_kept,
        "duplicates_removed": report.duplicates_removed, "dropped": dict(report.dropped),
        "ignored_columns": list(report.ignored_columns), "reference_date": args.reference_date,
    }
    if not 1 <= args.threads <= 64:
        raise UsageError("--threads: must be between 1 and 64")
    params = ValuationParams(seed=args.seed, num_threads=args.threads)
    model = train(records, params, args.folds, currency, data, _progress)
    trained_at = datetime.now(UTC).replace(microsecond=0).isoformat()
    meta = save_model(model, Path(args.out), {"trained_at": trained_at})
    _progress(f"model saved to {args.out} in {time.perf_counter() - started:.1f} s")
    summary = {"model_dir": args.out, **model.metrics, "data": data, "features": meta["features"]}
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print(f"trained on {model.metrics['n']} rows: CV MAPE {model.metrics['cv_mape']:.4f}, "
              f"R² (log price) {model.metrics['cv_r2']:.4f}; saved to {args.out}")
    return 0


def handle_evaluate(args: argparse.Namespace) -> int:
    from autolend.vehicles.valuation import evaluate

    model = _load(args.model)
    records, _ = _records(args)
    result = evaluate(model, records)
    if args.json:
        print(json.dumps(result))
    else:
        print(f"MAPE {result['mape']:.4f}  R² (log price) {result['r2']:.4f}  n {result['n']}")
    return 0


def handle_quote(args: argparse.Namespace) -> int:
    from autolend.vehicles.valuation_data import VehicleFacts, parse_number

    year, mileage = parse_number(args.year), parse_number(args.mileage_km)
    if year is None or year != int(year) or not 1950 <= year <= 2100:
        raise UsageError(f"--year: not a model year: {args.year!r}")
    if mileage is None or mileage < 0:
        raise UsageError(f"--mileage-km: not a distance in km: {args.mileage_km!r}")
    numbers: dict[str, float | None] = {}
    for name in QUOTE_NUMBERS:
        raw = getattr(args, name)
        numbers[name] = parse_number(raw)
        if raw is not None and numbers[name] is None:
            raise UsageError(f"--{name.replace('_', '-')}: not a number: {raw!r}")
    vehicle = VehicleFacts(
        make=args.make, model=args.model_name, year=int(year), mileage_km=mileage,
        fuel=args.fuel, transmission=args.transmission, variant=args.variant,
        seller_type=args.seller_type, body_type=args.body_type, region=args.region,
        engine_cc=numbers["engine_cc"], power_kw=numbers["power_kw"], seats=numbers["seats"],
        owners=numbers["owners"], battery_kwh=numbers["battery_kwh"],
    )
    as_of = _date("--as-of", args.as_of) or date.today()
    if as_of.year + 1 < vehicle.year:
        raise UsageError("--year: after the valuation date")
    quote = _load(args.model).quote(vehicle, as_of)
    if args.json:
        print(json.dumps(quote.to_json()))
    else:
        print(f"value {quote.value} {quote.currency}  (range {quote.low} - {quote.high}) on {as_of}")
    return 0
