"""Valuation benchmark: CarDekho CV metrics, training time, quotes per second (single and batch).

    python bench/valuation.py --json [--data CSV] [--folds 5] [--quotes 2000] [--batch 10000]

Prints ONE JSON object on stdout (progress on stderr). The data is read from ../shared/data beside
the repository (licence unverified: never copied into the repository).

| key | what it measures | target |
| --- | --- | --- |
| `cv.mape`, `cv.r2`, `cv.n` | 5-fold shuffled CV (seed 7) on CarDekho after removing exact duplicates: MAPE on price (fraction), R² on log price, rows | ≤ 0.16, ≥ 0.90 |
| `cv.seconds` | wall time of the cross-validation (5 fits) | — |
| `training.seconds` | `train()`: CV for the metrics and the quote range, then the final fit on every row | — |
| `training.fit_seconds` | the final fit alone | — |
| `artifact.save_seconds`, `artifact.load_seconds` | writing and reading the model directory (hash checks included) | — |
| `quote_single.p50_ms`, `p99_ms`, `per_second` | `model.quote(car, as_of)` one car at a time, cars drawn from the data | p99 < 20 ms |
| `quote_batch.per_second` | `model.quote_many(cars, as_of)` for `--batch` cars in one call | — |
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

try:
    import autolend  # noqa: F401
except ImportError:  # run from a checkout without an installed package
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from autolend.vehicles.valuation import ValuationParams, cross_validate, fit, train
from autolend.vehicles.valuation_artifact import load_model, save_model, versions
from autolend.vehicles.valuation_data import CARDEKHO_REFERENCE_DATE, read_sales_csv

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "cardekho_car_details_v3.csv"
TARGET_MAPE, TARGET_R2, TARGET_P99_MS = 0.16, 0.90, 20.0


def progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def timed(function: Any, *args: Any, **kwargs: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--json", action="store_true", help="print JSON (the only output format)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="CarDekho CSV")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2, help="LightGBM training threads")
    parser.add_argument("--quotes", type=int, default=2000, help="single quotes timed")
    parser.add_argument("--batch", type=int, default=10000, help="cars in the batch quote")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(json.dumps({"ok": False, "error": f"CarDekho data not found at {args.data}"}))
        return 2

    params = ValuationParams(seed=args.seed, num_threads=args.threads)
    (records, report), load_seconds = timed(read_sales_csv, args.data, "cardekho")
    progress(f"{report.rows_kept} rows ({report.duplicates_removed} duplicates removed)")
    cv, cv_seconds = timed(cross_validate, records, params, args.folds)
    progress(f"CV: MAPE {cv.mape:.4f}, R² {cv.r2:.4f} in {cv_seconds:.1f} s")
    model, train_seconds = timed(train, records, params, args.folds, "INR", {"sha256": report.data_sha256})
    _, fit_seconds = timed(fit, records, params)
    progress(f"train (CV + final fit) {train_seconds:.1f} s, final fit {fit_seconds:.1f} s")

    with tempfile.TemporaryDirectory() as tmp:
        _, save_seconds = timed(save_model, model, Path(tmp) / "model")
        loaded, load_model_seconds = timed(load_model, Path(tmp) / "model")

    rng = random.Random(args.seed)
    as_of = CARDEKHO_REFERENCE_DATE
    cars = [rng.choice(records).vehicle for _ in range(max(args.quotes, args.batch))]
    for car in cars[:50]:  # warm-up
        loaded.quote(car, as_of)
    latencies = []
    for car in cars[: args.quotes]:
        started = time.perf_counter()
        loaded.quote(car, as_of)
        latencies.append((time.perf_counter() - started) * 1000)
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]
    _, batch_seconds = timed(loaded.quote_many, cars[: args.batch], as_of)

    result: dict[str, Any] = {
        "data": {"file": args.data.name, "rows_read": report.rows_read, "rows_used": report.rows_kept,
                 "duplicates_removed": report.duplicates_removed, "load_seconds": round(load_seconds, 3)},
        "cv": {"mape": round(cv.mape, 4), "r2": round(cv.r2, 4), "n": cv.n, "folds": args.folds,
               "validation": "shuffled K-fold after removing exact duplicate rows, seed 7",
               "seconds": round(cv_seconds, 2),
               "ok": cv.mape <= TARGET_MAPE and cv.r2 >= TARGET_R2},
        "training": {"seconds": round(train_seconds, 2), "fit_seconds": round(fit_seconds, 2),
                     "threads": args.threads, "range_coverage": model.metrics["range_coverage"]},
        "artifact": {"save_seconds": round(save_seconds, 3), "load_seconds": round(load_model_seconds, 3)},
        "quote_single": {"n": len(latencies), "p50_ms": round(statistics.median(latencies), 3),
                         "p99_ms": round(p99, 3), "per_second": round(1000 / statistics.mean(latencies), 1),
                         "ok": p99 < TARGET_P99_MS},
        "quote_batch": {"n": args.batch, "seconds": round(batch_seconds, 3),
                        "per_second": round(args.batch / batch_seconds, 1)},
        "versions": versions(),
        "machine": {"python": platform.python_version(), "cpus": _cpus()},
        "as_of": as_of.isoformat(),
    }
    result["ok"] = bool(result["cv"]["ok"] and result["quote_single"]["ok"])
    print(json.dumps(result, indent=2))
    return 0 if result["ok"] else 1


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


if __name__ == "__main__":
    sys.exit(main())
