"""Benchmark: one end-of-day over N active loans. Prints ONE JSON object on stdout:
{"loans", "seconds", "loans_per_second", "peak_rss_mb", "database"} (progress goes to stderr).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/autolend_bench .venv/bin/python bench/eod.py --loans 1000000 --json

The database is emptied first (servicing, ledger and audit rows), so it must be a bench database:
its name must contain "bench" (PostgreSQL), or, without DATABASE_URL, var/bench-eod.sqlite3 is
used. The book (see _eod_book.py) stands before yesterday's EOD; yesterday's EOD runs first,
untimed, then VACUUM (ANALYZE) and a CHECKPOINT, as between two business days; ``seconds`` is
today's EOD alone (every partition and step of one business date).

``--workers K`` starts a Celery worker with K processes on the broker (AUTOLEND_CELERY_BROKER,
default amqp://guest:guest@127.0.0.1:5672//) and a queue of its own, as production runs EOD;
without it the units run eagerly in this process. ``peak_rss_mb`` is this process's peak resident
memory (book building included) plus the peak of every worker process; the PostgreSQL server's
memory is its own (shared_buffers etc.).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUSINESS_DATE = date(2025, 6, 18)
DEFAULT_BROKER = "amqp://guest:guest@127.0.0.1:5672//"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loans", type=int, default=10_000, help="active loans in the book (default 10,000)")
    parser.add_argument("--partitions", type=int, default=None, help="EOD partitions (default: settings)")
    parser.add_argument("--chunk", type=int, default=None, help="loan ids per chunk (default: settings)")
    parser.add_argument("--workers", type=int, default=0, help="Celery worker processes (0: eager, in this process)")
    parser.add_argument("--json", action="store_true", help="print the JSON result (always printed)")
    parser.add_argument("--reuse", action="store_true", help="keep the book of the last run if it has N loans")
    parser.add_argument("--fillfactor", type=int, default=None,
                        help="PostgreSQL: build the book with this fillfactor on loans and dues (an experiment; "
                             "default: the tables as migrated)")
    args = parser.parse_args(argv)
    if args.loans < 1:
        print("bench/eod.py: --loans must be at least 1", file=sys.stderr)
        return 2
    if not os.environ.get("DATABASE_URL"):
        (ROOT / "var").mkdir(exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench-eod.sqlite3'}"
    sys.path[:0] = [str(ROOT / "src")]
    sys.path.append(str(ROOT / "bench"))
    if args.workers:
        os.environ.setdefault("AUTOLEND_CELERY_BROKER", DEFAULT_BROKER)
    from autolend.commands.base import django_setup

    django_setup()
    from django.db import connection

    from autolend.servicing.eod import eod_run, print_progress
    from autolend.servicing.models import Loan

    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "postgresql" and "bench" not in name:
        print(f"bench/eod.py: refusing to empty database {name!r}: its name must contain 'bench'", file=sys.stderr)
        return 2
    import _eod_book

    warm_up = BUSINESS_DATE - timedelta(days=1)
    if not (args.reuse and Loan.objects.count() == args.loans and _unclosed(BUSINESS_DATE)):
        _eod_book.book_reset()
        if connection.vendor == "postgresql":
            _eod_book.fillfactor_set(args.fillfactor)
        started = time.perf_counter()
        _eod_book.book_create(args.loans, warm_up)
        print(f"bench: book of {args.loans:,} loans built in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    connection.close()  # workers fork from the driver's Django state: no shared connection
    workers = _workers_start(args.workers) if args.workers else None
    try:
        if _unclosed(warm_up):  # yesterday's EOD, untimed: the timed day is then an ordinary day
            eod_run(warm_up, partitions=args.partitions, chunk=args.chunk, progress=print_progress)
            _prepare()
        started = time.perf_counter()
        eod_run(BUSINESS_DATE, partitions=args.partitions, chunk=args.chunk, progress=print_progress)
        seconds = time.perf_counter() - started
        worker_mb = _workers_peak_mb(workers) if workers else 0.0
    finally:
        if workers:
            workers.terminate()
            workers.wait(timeout=60)
    result = {
        "loans": args.loans,
        "seconds": round(seconds, 3),
        "loans_per_second": round(args.loans / seconds, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 + worker_mb, 1),
        "database": connection.vendor,
        "workers": args.workers,
    }
    print(json.dumps(result))
    return 0


def _workers_start(processes: int) -> subprocess.Popen[bytes]:
    """A Celery worker with ``processes`` pool processes consuming a queue of this run only."""
    from autolend.config.celery import app

    queue = f"bench-eod-{os.getpid()}"
    app.conf.task_default_queue = queue
    name = f"{queue}@bench"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "--quiet", "-A", "autolend.config", "worker", "-c", str(processes), "-Q", queue,
         "-n", name, "--loglevel=warning", "--without-gossip", "--without-mingle"],
        env=env, stdout=sys.stderr, stderr=sys.stderr,
    )
    deadline = time.monotonic() + 60
    while not app.control.ping(destination=[name], timeout=1.0):
        if worker.poll() is not None or time.monotonic() > deadline:
            worker.kill()
            raise SystemExit("bench/eod.py: the Celery worker did not start (is the broker running?)")
    return worker


def _workers_peak_mb(worker: subprocess.Popen[bytes]) -> float:
    """Peak resident memory (VmHWM) of the worker and its pool processes, summed, in MB."""
    pids, total = [worker.pid], 0.0
    children = Path(f"/proc/{worker.pid}/task/{worker.pid}/children")
    if children.exists():
        pids += [int(pid) for pid in children.read_text().split()]
    for pid in pids:
        status = Path(f"/proc/{pid}/status")
        for line in status.read_text().splitlines() if status.exists() else []:
            if line.startswith("VmHWM:"):
                total += int(line.split()[1]) / 1024
    return total


def _unclosed(day: date) -> bool:
    from autolend.servicing.models import EodRun

    return not EodRun.objects.filter(business_date=day).exists()


def _prepare() -> None:
    """As between two business days: statistics, dead rows vacuumed, dirty pages written out."""
    from django.db import connection as db

    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            for table in ("servicing_loan", "servicing_installment", "ledger_journalline", "ledger_journalentry"):
                cursor.execute(f"VACUUM (ANALYZE) {table}")
            cursor.execute("CHECKPOINT")
        else:
            cursor.execute("ANALYZE")


if __name__ == "__main__":
    raise SystemExit(main())
