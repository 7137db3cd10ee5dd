"""Risk model benchmarks: training time and scoring throughput of the scorecard and the GBM.

    python bench/risk.py --json [--rows N] [--fresh F] [--single K] [--seed S]

Prints ONE JSON object on stdout (progress goes to stderr). For each model kind, trained on
`--rows` synthetic applications (default 50,000; 20% holdout, Platt/isotonic calibration):

- `train_seconds`: `risk.training.train` wall time (binning/boosting, holdout, calibration);
- `holdout_auc`, `fresh_auc` and `fresh_truth_auc`: AUC on the holdout, and on `--fresh`
  applications of another seed against the AUC of their true PD (the ceiling);
- `single`: one application at a time, `predict_pd` on a one-row frame, `--single` calls:
  applications/s and p50/p99 latency in ms; `single_decide` the same for `decide` (PD, grade and
  four reason codes), the call the decision engine makes;
- `batch`: `predict_pd` on the `--rows` training frame in one call: applications/s.

Targets (issue 4: a decision within 50 ms p50): single-application `decide` p50 < 10 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

try:
    import autolend  # noqa: F401
except ImportError:  # run from a checkout without an installed package
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import numpy as np
import pandas as pd

from autolend.risk import metrics, synthetic
from autolend.risk.model import TrainedModel
from autolend.risk.registry import library_versions
from autolend.risk.training import TrainingConfig, train

TARGET_DECIDE_P50_MS = 10.0


def progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def latency(call: Any, rows: list[pd.DataFrame]) -> dict[str, float]:
    """Time `call(row)` for each one-row frame; applications/s and latency percentiles in ms."""
    for row in rows[:20]:  # warm-up
        call(row)
    times = []
    for row in rows:
        start = time.perf_counter()
        call(row)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "calls": len(times),
        "per_second": round(1000 * len(times) / sum(times), 1),
        "p50_ms": round(statistics.median(times), 3),
        "p99_ms": round(times[int(0.99 * (len(times) - 1))], 3),
    }


def bench_kind(
    kind: str, book: pd.DataFrame, fresh: pd.DataFrame, single: int, seed: int
) -> dict[str, Any]:
    columns = [*synthetic.FEATURES, synthetic.TARGET]
    start = time.perf_counter()
    model: TrainedModel = train(
        book[columns], synthetic.TARGET, config=TrainingConfig(kind=kind, seed=seed)
    )
    seconds = time.perf_counter() - start
    progress(f"{kind}: trained in {seconds:.2f} s, holdout AUC {model.metrics['auc']}")
    rows = [fresh.iloc[[i]] for i in range(min(single, len(fresh)))]
    start = time.perf_counter()
    batch_pd = model.predict_pd(book)
    batch_seconds = time.perf_counter() - start
    fresh_pd = model.predict_pd(fresh)
    single_pd = latency(model.predict_pd, rows)
    single_decide = latency(model.decide, rows)
    progress(
        f"{kind}: single p50 {single_pd['p50_ms']} ms, decide p50 {single_decide['p50_ms']} ms, "
        f"batch {len(book) / batch_seconds:,.0f}/s"
    )
    return {
        "train_seconds": round(seconds, 3),
        "features": len(model.estimator.features),
        "calibration": model.calibrator.method,
        "holdout_auc": model.metrics["auc"],
        "holdout_ks": model.metrics["ks"],
        "fresh_auc": round(metrics.auc(fresh[synthetic.TARGET], fresh_pd), 4),
        "fresh_truth_auc": round(metrics.auc(fresh[synthetic.TARGET], fresh[synthetic.TRUTH]), 4),
        "fresh_mean_pd": round(float(fresh_pd.mean()), 4),
        "fresh_bad_rate": round(float(fresh[synthetic.TARGET].mean()), 4),
        "single": single_pd,
        "single_decide": single_decide,
        "batch": {
            "rows": len(book),
            "seconds": round(batch_seconds, 4),
            "per_second": round(len(book) / batch_seconds, 1),
            "mean_pd": round(float(np.mean(batch_pd)), 4),
        },
        "ok": single_decide["p50_ms"] < TARGET_DECIDE_P50_MS,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object on one line")
    parser.add_argument(
        "--rows", type=int, default=50_000, help="synthetic applications to train on"
    )
    parser.add_argument(
        "--fresh", type=int, default=20_000, help="applications of another seed to score"
    )
    parser.add_argument("--single", type=int, default=1_000, help="one-application calls timed")
    parser.add_argument("--seed", type=int, default=20260301)
    args = parser.parse_args(argv)

    start = time.perf_counter()
    book = synthetic.synthetic_book(args.rows, args.seed)
    synth_seconds = time.perf_counter() - start
    fresh = synthetic.synthetic_book(args.fresh, args.seed + 1)
    progress(
        f"synthetic book: {args.rows:,} rows in {synth_seconds:.2f} s, bad rate {book['default'].mean():.2%}"
    )
    kinds = {
        kind: bench_kind(kind, book, fresh, args.single, args.seed) for kind in ("scorecard", "gbm")
    }
    report = {
        "benchmark": "autolend risk models",
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), **library_versions()},
        "args": {"rows": args.rows, "fresh": args.fresh, "single": args.single, "seed": args.seed},
        "synthetic_seconds": round(synth_seconds, 3),
        **kinds,
        "ok": all(part["ok"] for part in kinds.values()),
    }
    print(json.dumps(report) if args.json else json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
