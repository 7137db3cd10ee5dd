"""Schedule benchmarks: the exact path, the vectorized portfolio path, a numpy_financial loop.

    python bench/schedule.py --json [--loans N] [--months M] [--sample K] [--check C] [--seed S]

Prints ONE JSON object on stdout (progress goes to stderr). See bench/README.md for each figure
and its target.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import statistics
import sys
import time
import tracemalloc
import warnings
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np

try:
    import autolend  # noqa: F401
except ImportError:  # run from a checkout without an installed package
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from autolend.kernel.portfolio import (
    METHOD_CODES,
    PortfolioSchedule,
    PortfolioTerms,
    cash_flow_by_month,
    portfolio_schedules,
    to_schedule,
)
from autolend.kernel.schedule import LoanTerms, Method, build_schedule

TARGET_EXACT_MS = 1.0
TARGET_VECTOR_SECONDS = 5.0
TARGET_RSS_MB = 4096.0
TARGET_SPEEDUP = 50.0


def progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def bench_exact(repeats: int) -> dict[str, Any]:
    """(a) one 60-month annuity with build_schedule: per-call times."""
    terms = LoanTerms(
        principal=Decimal("150000.00"),
        annual_rate=Decimal("6.5"),
        installments=60,
        disbursed=date(2024, 1, 31),
    )
    for _ in range(20):  # warm caches (lru_cache of rates, imports)
        build_schedule(terms)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        build_schedule(terms)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    median = statistics.median(times)
    return {
        "loan": "150,000.00 at 6.5%, 60 monthly instalments, annuity",
        "repeats": repeats,
        "median_ms": round(median, 4),
        "p90_ms": round(times[int(0.9 * (len(times) - 1))], 4),
        "min_ms": round(times[0], 4),
        "target_ms": TARGET_EXACT_MS,
        "ok": median < TARGET_EXACT_MS,
    }


def make_portfolio(loans: int, months: int, methods: list[Method], seed: int) -> PortfolioTerms:
    """Random loans: principal 1,000–2,000,000.00 yuan, rate 0–36% (4 places), one term."""
    rng = np.random.default_rng(seed)
    codes = np.array([METHOD_CODES[m] for m in methods], np.int8)
    method = codes[rng.integers(0, codes.size, loans)]
    principal = rng.integers(100_000, 200_000_001, loans)
    balloon = np.where(
        method == METHOD_CODES[Method.BALLOON], rng.integers(1, principal // 2 + 2), 0
    )
    return PortfolioTerms(
        principal=principal,
        annual_rate_e4=rng.integers(0, 360_001, loans),
        installments=np.full(loans, months),
        method=method,
        disbursed=np.datetime64("2024-01-01") + rng.integers(0, 731, loans),
        balloon=balloon,
    )


def bench_vectorized(
    loans: PortfolioTerms, repeats: int, trace: bool, check: int, seed: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(b) portfolio_schedules over the whole portfolio: wall time, peak RSS, numpy peak; and
    (d) the exactness check on rows of that very result."""
    rss_before = peak_rss_mb()
    runs = []
    result = None
    for run in range(repeats):
        result = None
        gc.collect()
        start = time.perf_counter()
        result = portfolio_schedules(loans)
        runs.append(time.perf_counter() - start)
        progress(f"vectorized run {run + 1}/{repeats}: {runs[-1]:.3f} s")
    assert result is not None
    rss_after = peak_rss_mb()
    start = time.perf_counter()
    flows = cash_flow_by_month(result)
    cash_flow_seconds = time.perf_counter() - start
    fallback = int(result.exact_rows.sum())
    progress(f"(d) exactness of {check:,} rows of the result vs build_schedule")
    exactness = check_exactness(result, check, seed)
    progress(f"    {exactness['mismatches']} mismatches")
    slots = result.n_loans * result.max_installments
    result_mb = (
        sum(
            a.nbytes
            for a in (
                result.due_date,
                result.principal,
                result.interest,
                result.fees,
                result.balance,
            )
        )
        / 2**20
        + result.mask.nbytes / 2**20
    )
    del result
    gc.collect()
    traced_mb = None
    if trace:
        tracemalloc.start()
        traced = portfolio_schedules(loans)
        traced_mb = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        del traced
        gc.collect()
        progress(f"tracemalloc peak {traced_mb:.0f} MB")
    seconds = statistics.median(runs)
    report = {
        "loans": len(loans),
        "months": int(loans.installments.max()),
        "instalment_rows": slots,
        "seconds": round(seconds, 3),
        "seconds_first_run": round(runs[0], 3),
        "seconds_runs": [round(r, 3) for r in runs],
        "rows_per_second": round(slots / seconds),
        "peak_rss_mb": round(rss_after, 1),
        "rss_before_mb": round(rss_before, 1),
        "result_arrays_mb": round(result_mb, 1),
        "tracemalloc_peak_mb": None if traced_mb is None else round(traced_mb, 1),
        "exact_fallback_loans": fallback,
        "cash_flow_by_month_seconds": round(cash_flow_seconds, 3),
        "cash_flow_months": int(flows.month.shape[0]),
        "target_seconds": TARGET_VECTOR_SECONDS,
        "target_rss_mb": TARGET_RSS_MB,
        "ok": max(runs) < TARGET_VECTOR_SECONDS and rss_after < TARGET_RSS_MB,
    }
    return report, exactness


def npf_schedule(principal: float, annual: float, months: int) -> tuple[Any, ...]:
    """One loan's schedule with numpy_financial: pmt, ipmt and ppmt, rounded to the fen."""
    import numpy_financial as npf  # type: ignore[import-untyped]

    rate = annual / 12
    periods = np.arange(1, months + 1)
    payment = npf.pmt(rate, months, -principal)
    interest = npf.ipmt(rate, periods, months, -principal)
    principal_paid = npf.ppmt(rate, periods, months, -principal)
    balance = principal - np.cumsum(principal_paid)
    return (
        round(float(payment), 2),
        np.round(interest, 2),
        np.round(principal_paid, 2),
        np.round(balance, 2),
    )


def bench_npf_loop(
    loans: PortfolioTerms, sample: int, seed: int, vector_seconds: float, first_run: float
) -> dict[str, Any]:
    """(c) a per-loan numpy_financial loop on a sample, extrapolated to the whole portfolio."""
    rng = np.random.default_rng(seed + 1)
    rows = rng.choice(len(loans), size=min(sample, len(loans)), replace=False)
    principal = loans.principal[rows] / 100
    annual = loans.annual_rate_e4[rows] / 1e6
    months = loans.installments[rows]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # npf's 0/0 at a zero rate
        npf_schedule(100_000.0, 0.06, 36)
        start = time.perf_counter()
        for p, r, n in zip(principal.tolist(), annual.tolist(), months.tolist()):
            npf_schedule(p, r, n)
        seconds = time.perf_counter() - start
    per_loan = seconds / rows.size
    extrapolated = per_loan * len(loans)
    speedup = extrapolated / vector_seconds
    return {
        "sample_loans": int(rows.size),
        "seconds": round(seconds, 3),
        "per_loan_us": round(per_loan * 1e6, 2),
        "extrapolated_seconds": round(extrapolated, 1),
        "speedup_vectorized": round(speedup, 1),
        "speedup_vs_first_run": round(extrapolated / first_run, 1),
        "target_speedup": TARGET_SPEEDUP,
        "ok": speedup >= TARGET_SPEEDUP,
    }


def check_exactness(result: PortfolioSchedule, check: int, seed: int) -> dict[str, Any]:
    """(d) rows of a random sample of the result compared with build_schedule, to the fen."""
    rng = np.random.default_rng(seed + 2)
    loans = result.terms
    rows = rng.choice(len(loans), size=min(check, len(loans)), replace=False).tolist()
    mismatches = [i for i in rows if to_schedule(result, i) != build_schedule(loans.loan(i))]
    return {
        "sample_loans": len(rows),
        "mismatches": len(mismatches),
        "mismatched_loans": mismatches[:10],
        "ok": not mismatches,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    parser.add_argument("--loans", type=int, default=1_000_000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--sample", type=int, default=20_000, help="loans in the npf loop")
    parser.add_argument("--check", type=int, default=2_000, help="loans checked vs build_schedule")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--repeats", type=int, default=3, help="vectorized runs (median)")
    parser.add_argument("--exact-repeats", type=int, default=1000)
    parser.add_argument(
        "--methods",
        default="annuity",
        help="comma-separated methods of the portfolio (annuity,equal-principal,interest-only,"
        "balloon,flat); the npf loop always computes annuities",
    )
    parser.add_argument("--no-tracemalloc", action="store_true")
    args = parser.parse_args(argv)
    methods = [Method(name.strip()) for name in args.methods.split(",")]

    progress("(a) exact schedule, 60 months")
    exact = bench_exact(args.exact_repeats)
    progress(f"    median {exact['median_ms']} ms")
    progress(f"(b) building {args.loans:,} loans x {args.months} months")
    loans = make_portfolio(args.loans, args.months, methods, args.seed)
    vectorized, exactness = bench_vectorized(
        loans, args.repeats, not args.no_tracemalloc, args.check, args.seed
    )
    progress(f"    {vectorized['seconds']} s, peak RSS {vectorized['peak_rss_mb']} MB")
    progress(f"(c) numpy_financial loop on {args.sample:,} loans")
    loop = bench_npf_loop(
        loans, args.sample, args.seed, vectorized["seconds"], vectorized["seconds_first_run"]
    )
    progress(f"    {loop['per_loan_us']} us/loan, speed-up {loop['speedup_vectorized']}x")
    report = {
        "benchmark": "autolend schedules",
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "numpy": np.__version__,
            "platform": platform.platform(),
        },
        "args": {
            "loans": args.loans,
            "months": args.months,
            "sample": args.sample,
            "check": args.check,
            "seed": args.seed,
            "methods": [m.value for m in methods],
        },
        "exact_schedule_60": exact,
        "vectorized_portfolio": vectorized,
        "numpy_financial_loop": loop,
        "exactness": exactness,
        "ok": all(part["ok"] for part in (exact, vectorized, loop, exactness)),
    }
    if args.json:
        print(json.dumps(report))
    else:
        print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
