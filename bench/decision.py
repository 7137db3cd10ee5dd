"""Benchmark: HTTP submit → decision, N concurrent clients against a real server on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/autolend_h12_bench .venv/bin/python bench/decision.py --json

Prints ONE JSON object on stdout (progress on stderr): p50/p99/mean latency in ms, decisions/s,
outcomes, errors, the setup, and ``cpu_ms_per_decision``: the CPU the web workers and their
PostgreSQL backends used per decision (from /proc), the share of the machine they got, and
``capacity_2_cores`` = 2 cores ÷ that CPU — figures that do not depend on what else the host
runs, unlike the latencies. ``--rate R`` offers a fixed load of R requests/s instead of closed
loop (with 16 closed-loop clients, latency = 16 ÷ throughput: a 50 ms p50 needs ~320/s).

Each request is a full ``POST /api/v1/applications`` with a partner token: a new applicant (KYC
checks, registration, credit-pull consent, three-factor identity check), a new car (VIN check),
the bureau pull, anti-fraud queries, the champion scorecard and the shadow GBM, policy rules,
risk-based pricing and up to three offers with the kernel's schedule and APR, the decision
record, stipulations, audit events, and the response.

The server is started in a subprocess on a loopback port: gunicorn (the dev extra
``gunicorn==23.0.0``: ``--workers`` pre-forked processes, ``sync`` workers or, with
``--threads`` > 1, ``gthread``), or with ``--server wsgiref`` this file run with ``--serve``, a
pre-forking threaded WSGI server from the standard library; each worker (thread) keeps its
database connection. Setup (migrations, demo catalogue, partner token, models: trained on first use) is
untimed; ``--warmup`` requests load the models in every worker, then ``--requests`` are timed
(bounded by ``--max-seconds``); the server is stopped at the end. The database name must contain
"bench". Targets on a 2-core machine: p50 < 50 ms, p99 < 200 ms, ≥ 100 decisions/s.
"""

from __future__ import annotations

import argparse
import http.client
import importlib.util
import json
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"p50_ms": 50.0, "p99_ms": 200.0, "decisions_per_second": 100.0}
WORKERS = 2  # gunicorn sync workers on 2 cores: measured best (3 and 4 only add contention)


def progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# -- the server (run with --serve in the subprocess) --------------------------------------------

def serve(port: int, workers: int, threads: int) -> int:
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

    from django.core.wsgi import get_wsgi_application

    class Quiet(WSGIRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
            pass

    app = get_wsgi_application()  # Django and the URL map imported; no database connection yet
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(512)
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})

    def worker() -> None:
        server = WSGIServer(("127.0.0.1", port), Quiet, bind_and_activate=False)
        server.socket, server.server_name, server.server_port = listener, "127.0.0.1", port
        server.setup_environ()
        server.set_app(app)

        def loop() -> None:
            while True:
                conn, address = listener.accept()
                try:
                    Quiet(conn, address, server)
                except Exception:  # noqa: BLE001 - a broken connection must not end the thread
                    pass
                finally:
                    conn.close()

        for _ in range(threads):
            threading.Thread(target=loop, daemon=True).start()
        signal.sigwait({signal.SIGTERM})

    children = []
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:
            worker()
            os._exit(0)
        children.append(pid)
    print(f"READY {port}", flush=True)
    signal.sigwait({signal.SIGTERM})
    for pid in children:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    return 0


# -- setup ----------------------------------------------------------------------------------------

def setup() -> str:
    """Migrate, seed the catalogue, ensure the models; return a fresh partner token."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from autolend.decisioning.model_store import decision_model_ensure
    from autolend.origination.services import partner_token_issue
    from autolend.products.demo import products_seed_demo

    call_command("migrate", verbosity=0)
    products_seed_demo()
    cards = decision_model_ensure(progress)
    progress(f"champion {cards['champion'].name} v{cards['champion'].version}, "
             f"challenger v{cards['challenger'].version}")
    _token, raw = partner_token_issue("bench")
    connections.close_all()
    return raw


NAMES = ("张伟", "王芳", "李娜", "刘洋", "陈静")


def applications(count: int, seed: int) -> list[bytes]:
    """``count`` request bodies: new people and cars, a realistic spread of incomes and deals."""
    from stdnum.cn import ric

    from autolend.vehicles.vin import make_vin

    rng = random.Random(seed)
    out = []
    for n in range(count):
        body = f"{rng.choice(['110105', '310101', '440304', '510104', '420102'])}" \
               f"{rng.randint(1965, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(100, 899)}"
        price = rng.randrange(80_000, 300_000, 1000)
        down = int(price * rng.choice([0.2, 0.25, 0.3, 0.4]))
        serial = f"{rng.randrange(10**6):06d}"
        out.append(json.dumps({
            # The name follows from the ID: an ID drawn again (in this run or an earlier one on the
            # same database) is a returning borrower, not a name mismatch (a 422).
            "applicant": {"name": NAMES[int(body) % len(NAMES)], "resident_id": body + ric.calc_check_digit(body + "0"),
                          "mobile": f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
                          "monthly_income": str(rng.randrange(8_000, 40_000, 500)), "employment_years": rng.randint(0, 15)},
            "consent": {"text": "本人授权查询征信报告。", "text_version": "2025.1"},
            "vehicle": {"vin": make_vin("LSV", "AU218", 2025, rng.choice("ABCDEFGHJKLMN"), serial), "make": "大众",
                        "model": "朗逸", "year": 2025, "condition": "new", "new_energy": rng.random() < 0.3},
            "purchase": {"product_code": "NEWCAR", "price": str(price), "down_payment": str(down),
                         "amount": str(price - down), "term_months": rng.choice([36, 48, 60])},
            "device_id": f"bench-{seed}-{n}",
        }, ensure_ascii=False).encode())
    return out


# -- the load ---------------------------------------------------------------------------------------

def run_load(port: int, token: str, bodies: list[bytes], clients: int, max_seconds: float,
             rate: float = 0.0) -> dict[str, Any]:
    """Send ``bodies`` from ``clients`` threads: each as soon as its last answer came (closed loop),
    or, with ``rate``, request i not before start + i / rate (an offered load, open loop)."""
    queue = list(reversed(bodies))
    sent = [0]
    lock = threading.Lock()
    latencies: list[float] = []
    outcomes: dict[str, int] = {}
    errors: list[str] = []
    deadline = time.monotonic() + max_seconds
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json", "Accept-Language": "en"}

    def client() -> None:
        while time.monotonic() < deadline:
            with lock:
                if not queue:
                    return
                body = queue.pop()
                index = sent[0]
                sent[0] += 1
            if rate:
                delay = started + index / rate - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
            start = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                conn.request("POST", "/api/v1/applications", body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
                conn.close()
                elapsed = (time.perf_counter() - start) * 1000
                with lock:
                    if response.status == 201:
                        latencies.append(elapsed)
                        outcome = json.loads(data)["decision"]["outcome"]
                        outcomes[outcome] = outcomes.get(outcome, 0) + 1
                    else:
                        errors.append(f"{response.status} {data[:200]!r}")
            except Exception as exc:  # noqa: BLE001 - counted, not fatal
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}")

    pool = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    wall = time.perf_counter() - started
    return {"latencies": latencies, "outcomes": outcomes, "errors": errors, "wall": wall}


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds the processes have used so far (Linux /proc)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / os.sysconf("SC_CLK_TCK")


def server_pids(parent: int) -> list[int]:
    children = Path(f"/proc/{parent}/task/{parent}/children")
    return [parent, *(int(pid) for pid in children.read_text().split())] if children.exists() else [parent]


def database_pids(database: str) -> list[int]:
    """The PostgreSQL backends serving the benchmark's database (the server's connections)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [database])
        pids = [row[0] for row in cursor.fetchall()]
    connection.close()
    return pids


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1) + 0.5))] if ordered else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000, help="timed requests (default 1,000)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients (default 16)")
    parser.add_argument("--server", choices=("gunicorn", "wsgiref"), default=None,
                        help="the web server (default gunicorn when installed, else wsgiref)")
    parser.add_argument("--workers", type=int, default=None,
                        help="server processes (default: gunicorn 2 sync workers; wsgiref 2)")
    parser.add_argument("--threads", type=int, default=None,
                        help="threads per server process (default: gunicorn 1; wsgiref 8)")
    parser.add_argument("--warmup", type=int, default=64, help="untimed requests first (default 64)")
    parser.add_argument("--max-seconds", type=float, default=120.0, help="stop the timed run after this")
    parser.add_argument("--port", type=int, default=0, help="loopback port (default: a free one)")
    parser.add_argument("--seed", type=int, default=None, help="request generator seed (default: time)")
    parser.add_argument("--rate", type=float, default=0.0,
                        help="offered load in requests/s (default 0: each client sends as soon as answered)")
    parser.add_argument("--json", action="store_true", help="print the JSON result (always printed)")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "autolend.config.settings")
    if args.server is None:
        args.server = "gunicorn" if importlib.util.find_spec("gunicorn") else "wsgiref"
    args.workers = args.workers or (WORKERS if args.server == "gunicorn" else 2)
    args.threads = args.threads or (1 if args.server == "gunicorn" else 8)
    if args.serve:
        return serve(args.port, args.workers, args.threads)

    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/autolend_h12_bench")
    database = urlsplit(url).path.lstrip("/")
    if not url.startswith("postgres") or "bench" not in database:
        print("bench/decision.py: DATABASE_URL must be a PostgreSQL database whose name contains 'bench'",
              file=sys.stderr)
        return 2
    home = Path(os.environ.get("AUTOLEND_HOME") or ROOT / "var" / "bench-decision")
    home.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DATABASE_URL": url, "AUTOLEND_HOME": str(home), "AUTOLEND_DEBUG": "false",
           "AUTOLEND_SECRET_KEY": "bench-" + "k3y-" * 14, "AUTOLEND_ALLOWED_HOSTS": "127.0.0.1,localhost",
           "AUTOLEND_DB_CONN_MAX_AGE": "600", "AUTOLEND_LOG_LEVEL": "WARNING", "OMP_NUM_THREADS": "1"}
    os.environ.update(env)
    progress(f"setup on {url.rsplit('@', 1)[-1]} (AUTOLEND_HOME {home})")
    token = setup()
    seed = args.seed if args.seed is not None else int(time.time())
    bodies = applications(args.warmup + args.requests, seed)
    port = args.port or _free_port()
    server, server_kind = start_server(args.server, port, args.workers, args.threads, env)
    try:
        progress(f"server on 127.0.0.1:{port}: {args.workers} workers × {args.threads} threads; warming up")
        warm = run_load(port, token, bodies[:args.warmup], args.clients, args.max_seconds)
        if warm["errors"]:
            progress(f"warm-up errors: {warm['errors'][:3]}")
        load_before = os.getloadavg()
        watched = server_pids(server.pid)
        backends = database_pids(database)
        cpu_before = cpu_seconds(watched), cpu_seconds(backends), time.perf_counter(), os.times()
        progress(f"timing {args.requests} requests with {args.clients} clients")
        result = run_load(port, token, bodies[args.warmup:], args.clients, args.max_seconds, args.rate)
        cpu_after = cpu_seconds(watched), cpu_seconds(backends), time.perf_counter(), os.times()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    lat = result["latencies"]
    report = {
        "requests": len(lat) + len(result["errors"]), "decisions": len(lat), "errors": len(result["errors"]),
        "error_samples": result["errors"][:3], "clients": args.clients,
        "p50_ms": round(percentile(lat, 0.50), 1), "p99_ms": round(percentile(lat, 0.99), 1),
        "mean_ms": round(statistics.fmean(lat), 1) if lat else None, "max_ms": round(max(lat), 1) if lat else None,
        "decisions_per_second": round(len(lat) / result["wall"], 1), "seconds": round(result["wall"], 2),
        "outcomes": result["outcomes"], "offered_rate": args.rate or None,
        "cpu_ms_per_decision": _cpu_report(cpu_before, cpu_after, len(lat)),
        "server": {"kind": server_kind, "workers": args.workers, "threads": args.threads},
        "database": "postgresql", "cpus": os.cpu_count(), "python": platform.python_version(),
        "load_average_before": [round(x, 2) for x in load_before], "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "targets": TARGETS,
    }
    report["ok"] = {key: (report[key] <= goal if key.endswith("_ms") else report[key] >= goal)
                    for key, goal in TARGETS.items()}
    print(json.dumps(report, ensure_ascii=False))
    return 0


def _cpu_report(before: Any, after: Any, decisions: int) -> dict[str, Any]:
    """CPU used per decision by the web server (its workers) and by its PostgreSQL backends, and
    the machine's share of CPU they got: figures that do not depend on what else runs on the
    host, unlike the latencies. ``capacity_2_cores`` = 2 cores / (server + database CPU) per
    decision: the decisions/s two idle cores could sustain."""
    if not decisions:
        return {}
    server = (after[0] - before[0]) * 1000 / decisions
    database = (after[1] - before[1]) * 1000 / decisions
    wall = after[2] - before[2]
    client = (after[3].user + after[3].system - before[3].user - before[3].system) * 1000 / decisions
    share = (after[0] - before[0] + after[1] - before[1]) / wall / (os.cpu_count() or 1)
    return {"server": round(server, 1), "database": round(database, 1), "load_client": round(client, 1),
            "share_of_machine": round(share, 2),
            "capacity_2_cores": round(2000 / (server + database), 1) if server + database else None}


def start_server(kind: str, port: int, workers: int, threads: int,
                 env: dict[str, str]) -> tuple[subprocess.Popen[str], str]:
    """Start the web server on the loopback ``port`` and wait until it accepts connections."""
    if kind == "gunicorn":
        # sync workers: one request at a time per process, so the GIL is never shared; the
        # backlog queues the rest. gthread when --threads > 1.
        command = [sys.executable, "-m", "gunicorn", "autolend.config.wsgi:application", "--bind",
                   f"127.0.0.1:{port}", "--workers", str(workers), "--worker-class",
                   "gthread" if threads > 1 else "sync", "--threads", str(threads), "--backlog", "512",
                   "--timeout", "120", "--log-level", "warning", "--pythonpath", str(ROOT / "src")]
        server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, text=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {server.returncode}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return server, f"gunicorn 23 ({'gthread' if threads > 1 else 'sync'})"
            except OSError:
                time.sleep(0.2)
        server.kill()
        raise RuntimeError("gunicorn did not start listening in 60 s")
    server = subprocess.Popen([sys.executable, __file__, "--serve", "--port", str(port), "--workers",
                               str(workers), "--threads", str(threads)], env=env, stdout=subprocess.PIPE,
                              text=True)
    line = server.stdout.readline() if server.stdout else ""
    if not line.startswith("READY"):
        server.kill()
        raise RuntimeError(f"the server did not start: {line!r}")
    return server, "pre-forking threaded wsgiref"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


if __name__ == "__main__":
    raise SystemExit(main())
