"""Benchmark: repayments posted per second through ``servicing.services.repayment_post`` in one
process. Prints ONE JSON object on stdout: {"count", "seconds", "postings_per_second", "database"}
(progress goes to stderr).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/autolend_bench2 .venv/bin/python bench/postings.py --count 10000 --json

Loans are created first (not timed) through the services: ``--count`` / 60 loans of 100,000.00 at
12% over 60 months, booked and disbursed (maker ≠ checker) on 2024-01-15. Then every instalment is
paid on its due date, instalment by instalment across the loans (as a day's bank file would
arrive), each a ``repayment_post`` with its own idempotency key: one transaction, row locks, the
allocation, one balanced journal entry, the audit event. Only that loop is timed. Each run adds its
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
    parser.add_argument("--profile", metavar="FILE", help="write cProfile stats of the timed loop to FILE")
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
    postings = _book(args.count)
    run = uuid.uuid4().hex[:8]
    from autolend.servicing.services import repayment_post

    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started, cpu = time.perf_counter(), time.process_time()
    for index, (number, amount, day, n) in enumerate(postings, start=1):
        repayment_post(number, amount, day, f"bench:{run}:{number}:{n}", channel="bank_transfer")
        if index % 1000 == 0:
            elapsed = time.perf_counter() - started
            print(f"bench: {index:,}/{len(postings):,} postings, {index / elapsed:,.0f}/s", file=sys.stderr)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(args.profile)
    print(json.dumps({
        "count": len(postings),
        "seconds": round(seconds, 3),
        "postings_per_second": round(len(postings) / seconds, 1),
        "database": connection.vendor,
        "loans": -(-args.count // INSTALMENTS),
        "client_cpu_ms_per_posting": round(cpu * 1000 / len(postings), 2),  # this process only
    }))
    return 0


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
