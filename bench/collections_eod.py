"""Benchmark: the collections end-of-day step (``collections.eod.collections_eod``) on N loans.
Prints ONE JSON object on stdout: {"loans", "delinquent", "open_cases", "seconds", "steps", ...}.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/autolend_bench_collections \
        .venv/bin/python bench/collections_eod.py --loans 1000000 --json

The database is emptied first, so it must be a bench database (its name must contain "bench"; without
DATABASE_URL var/bench-collections.sqlite3 is used). The book is written set-based in the database
(generate_series / a recursive CTE): N active loans as servicing's EOD leaves them, 10% delinquent
with DPD spread over 1–400 days, no dues. Day D − 1 runs untimed (it opens the cases); then DPD moves
one day on (+1 for the delinquent, 1 in 31 of them cured, 0.3% of current loans newly late) and day D
is timed: snapshots, totals, close, open, promises, refresh, queues, SLA, write-off, assignment to
50 collectors, and the reminder pass (its queries run; the bench loans have no borrowers, so no
messages are sent — reminder sending is per message and is measured by the tests, not here).
"""

from __future__ import annotations

import sys

if sys.path and sys.path[0].rstrip("/").endswith("bench"):
    sys.path.pop(0)  # this file is named like the stdlib's collections: never import it as that

import argparse
import json
import os
import resource
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DAY = date(2025, 6, 18)
COLLECTION_TABLES = ("collections_agencycommission", "collections_placement", "collections_agency",
                     "collections_contactlog", "collections_promisetopay", "collections_caseaction",
                     "collections_collectioncase", "collections_bucketsnapshot", "collections_buckettotal")


def _bucket_sql(col: str) -> str:
    return (f"CASE WHEN {col} = 0 THEN 'M0' WHEN {col} <= 30 THEN 'M1' WHEN {col} <= 60 THEN 'M2' WHEN {col} <= 90"
            f" THEN 'M3' WHEN {col} <= 120 THEN 'M4' WHEN {col} <= 150 THEN 'M5' WHEN {col} <= 180 THEN 'M6' ELSE 'M7+' END")


def book(cur: object, vendor: str, loans: int) -> None:
    """N loans in one INSERT … SELECT over a generated series."""
    dpd = "(CASE WHEN i %% 10 = 0 THEN ((i %% 100003) * 7919) %% 400 + 1 ELSE 0 END)"  # %% : the query has parameters
    series = ("generate_series(1, %s) AS s(i)" if vendor == "postgresql" else "seq")
    prefix = "" if vendor == "postgresql" else "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < %s) "
    cur.execute(  # type: ignore[attr-defined]
        f"{prefix}INSERT INTO servicing_loan (id, number, status, product_code, borrower_name, dealer_name, payee_account,"
        " principal, annual_rate, installments, booked_on, terms, schedule_version, principal_outstanding,"
        " interest_receivable, fee_receivable, penalty_receivable, credit_balance, provision, days_past_due,"
        " dpd_bucket, classification, ifrs_stage, created_at)"
        f" SELECT i, 'B' || i, 'active', '', 'Borrower', '', '', 100000, 12, 36, %s, '{{}}', 1, 50000 + (i %% 1000) * 10,"
        f" 0, 0, 0, 0, 0, {dpd}, {_bucket_sql(dpd)}, 'normal', 1, %s FROM {series}",
        [loans, DAY, f"{DAY} 00:00:00+00:00"] if vendor != "postgresql" else [DAY, f"{DAY} 00:00:00+00:00", loans])


def next_day(cur: object) -> None:
    cur.execute("UPDATE servicing_loan SET days_past_due = CASE WHEN days_past_due > 0 AND id % 31 = 0 THEN 0"  # type: ignore[attr-defined]
                " WHEN days_past_due > 0 THEN days_past_due + 1 WHEN id % 300 = 7 THEN 1 ELSE 0 END")
    cur.execute(f"UPDATE servicing_loan SET dpd_bucket = {_bucket_sql('days_past_due')}")  # type: ignore[attr-defined]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loans", type=int, default=100_000)
    parser.add_argument("--json", action="store_true", help="print the JSON result (always printed)")
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        (ROOT / "var").mkdir(exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench-collections.sqlite3'}"
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.append(str(ROOT / "bench"))
    from autolend.commands.base import django_setup

    django_setup()
    from django.db import connection, transaction

    from autolend.collections.eod import collections_eod
    from autolend.collections.models import CollectionCase
    from autolend.collections.testing import collector

    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "postgresql" and "bench" not in name:
        print(f"bench/collections_eod.py: refusing to empty database {name!r}", file=sys.stderr)
        return 2
    import _eod_book

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cur:
        for table in COLLECTION_TABLES:
            cur.execute(f"DELETE FROM {table}")
    _eod_book.book_reset()
    with transaction.atomic(), connection.cursor() as cur:
        book(cur, connection.vendor, args.loans)
        if connection.vendor == "postgresql":
            cur.execute("ANALYZE servicing_loan")
    for n in range(50):
        collector(f"bench-collector-{n}")
    collections_eod(DAY - timedelta(days=1))
    with transaction.atomic(), connection.cursor() as cur:
        next_day(cur)
        if connection.vendor == "postgresql":
            cur.execute("ANALYZE servicing_loan; ANALYZE collections_collectioncase")
    print(f"bench: book of {args.loans:,} loans and day D-1 in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    started = time.perf_counter()
    result = collections_eod(DAY)
    seconds = time.perf_counter() - started
    out = {
        "loans": args.loans, "database": connection.vendor, "business_date": DAY.isoformat(),
        "seconds": round(seconds, 3), "loans_per_second": round(args.loans / seconds),
        "open_cases": CollectionCase.objects.filter(status="open").count(), "day": result.as_json(),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "target": "1,000,000 loans < 30 s on PostgreSQL",
    }
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
