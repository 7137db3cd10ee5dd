"""Benchmark: repayments posted per second in one process, one by one (``repayment_post``) and
as bank files (``repayments_post_batch``). Prints ONE JSON object on stdout: {"count", "seconds",
"postings_per_second", "database", "single": {...}, "batch": {...}} — the top-level figures are
the batch mode's when both ran (progress goes to stderr).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/autolend_bench2 .venv/bin/python bench/postings.py --count 10000 --json

Loans are created first (not timed) through the services: ``--count`` / 60 loans of 100,000.00 at
12% over 60 months, booked and disbursed (maker ≠ checker) on 2024-01-15. Then every instalment is
paid on its due date, instalment by instalment across the loans (as a day's bank file would
arrive). ``single``: each a ``repayment_post`` with its own idempotency key: one transaction, row
locks, the allocation, one balanced journal entry, the audit event. ``batch``: each due date's
payments as one bank file through ``repayments_post_batch`` (``--chunk`` lines per transaction;
per line the same checks, allocation, journal entry, transaction and audit event). Only the
posting loops are timed; ``--mode`` picks one or both (each on its own loans). Each run adds its
own loans, so a bench database can be reused; PostgreSQL databases must have "bench" in the name.
Without DATABASE_URL, var/bench-postings.sqlite3 is used. ``--profile FILE`` writes cProfile stats.
``client_cpu_ms_per_posting`` is this process's CPU per posting (Python, ORM, driver): with the
database taking no time at all, 1000 / it would be the ceiling.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import uuid
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DISBURSED = date(2024, 1, 15)
INSTALMENTS = 60


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5_000, help="repayments to post (default 5,000)")
    parser.add_argument("--json", action="store_true", help="print the JSON result (always printed)")
    parser.add_argument("--profile", metavar="FILE", help="write cProfile stats of each timed loop to FILE.<mode>")
    parser.add_argument("--mode", choices=["single", "batch", "both"], default="both", help="default both")
    parser.add_argument("--chunk", type=int, default=500, help="bank-file lines per transaction (default 500)")
    args = parser.parse_args(argv)
    if args.count < 1:
        print("bench/postings.py: --count must be at least 1", file=sys.stderr)
        return 2
    if not os.environ.get("DATABASE_URL"):
        (ROOT / "var").mkdir(exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench-postings.sqlite3'}"
    sys.path[:0] = [str(ROOT / "src")]
    from autolend.commands.base import django_setup

    django_setup()
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "postgresql" and "bench" not in name:
        print(f"bench/postings.py: refusing to write to database {name!r}: its name must contain 'bench'",
              file=sys.stderr)
        return 2
    modes = ["single", "batch"] if args.mode == "both" else [args.mode]
    out: dict[str, object] = {"count": args.count, "database": connection.vendor,
                              "loans": -(-args.count // INSTALMENTS)}
    for mode in modes:
        postings = _book(args.count)
        out[mode] = _run(mode, postings, args.chunk, args.profile)
        print(f"bench: {mode}: {json.dumps(out[mode])}", file=sys.stderr)
    last = out[modes[-1]]
    assert isinstance(last, dict)
    out.update(seconds=last["seconds"], postings_per_second=last["postings_per_second"], mode=modes[-1])
    print(json.dumps(out))
    return 0


def _run(mode: str, postings: list[tuple[str, str, date, int]], chunk: int, profile: str | None) -> dict[str, object]:
    from autolend.servicing.services import RepaymentLine, repayment_post, repayments_post_batch

    run = uuid.uuid4().hex[:8]
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started, cpu = time.perf_counter(), time.process_time()
    if mode == "single":
        for index, (number, amount, day, n) in enumerate(postings, start=1):
            repayment_post(number, amount, day, f"bench:{run}:{number}:{n}", channel="bank_transfer")
            if index % 1000 == 0:
                elapsed = time.perf_counter() - started
                print(f"bench: {index:,}/{len(postings):,} postings, {index / elapsed:,.0f}/s", file=sys.stderr)
    else:
        posted = 0
        for day, lines in _files(postings):
            result = repayments_post_batch(
                [RepaymentLine(number, amount, f"bench:{run}:{number}:{n}") for number, amount, _, n in lines], day,
                chunk=chunk)
            if result.refused:
                raise SystemExit(f"bench/postings.py: refused lines: {result.as_json()['refusals'][:3]}")
            posted += len(result.posted)
            elapsed = time.perf_counter() - started
            print(f"bench: {posted:,}/{len(postings):,} postings, {posted / elapsed:,.0f}/s", file=sys.stderr)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(f"{profile}.{mode}")
    return {
        "count": len(postings),
        "seconds": round(seconds, 3),
        "postings_per_second": round(len(postings) / seconds, 1),
        "client_cpu_ms_per_posting": round(cpu * 1000 / len(postings), 3),  # this process only
        **({"chunk": chunk} if mode == "batch" else {}),
    }


def _files(postings: list[tuple[str, str, date, int]]) -> list[tuple[date, list[tuple[str, str, date, int]]]]:
    """The postings grouped into one bank file per due date, in date order."""
    by_day: dict[date, list[tuple[str, str, date, int]]] = {}
    for posting in postings:
        by_day.setdefault(posting[2], []).append(posting)
    return sorted(by_day.items())


def _book(count: int) -> list[tuple[str, str, date, int]]:
    """Disburse enough loans for ``count`` instalments; returns (loan, amount, due date, n) in
    posting order: instalment 1 of every loan, then instalment 2, …"""
    from autolend.servicing.models import Installment
    from autolend.servicing.testing import book, disburse, fresh_books, standard_setup

    fresh_books()
    loans = -(-count // INSTALMENTS)
    started = time.perf_counter()
    numbers = []
    for index in range(loans):
        loan = disburse(book(standard_setup(installments=INSTALMENTS), on=DISBURSED,
                             payee_account=f"6222{index:011d}7"), DISBURSED)  # 0000 fails
        numbers.append(loan.number)
    print(f"bench: {loans:,} loans disbursed in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    rows = (Installment.objects.filter(loan__number__in=numbers, is_current=True, kind="installment")
            .values_list("loan__number", "n", "due_date", "principal", "interest", "fee"))
    dues = sorted(rows, key=lambda row: (row[1], row[0]))
    return [(number, str(p + i + f), due, n) for number, n, due, p, i, f in dues][:count]


if __name__ == "__main__":
    sys.exit(main())
