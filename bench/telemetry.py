"""Benchmark: GPS telemetry ingested with the alert rules applied. Prints ONE JSON object on stdout:
{"points", "seconds", "points_per_second", "alerts", "database", ...} (progress goes to stderr).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/autolend_bench3 .venv/bin/python bench/telemetry.py --json

The GPS tables are emptied first, so it must be a bench database: its name must contain "bench"
(PostgreSQL), or, without DATABASE_URL, var/bench-telemetry.sqlite3 is used. Untimed set-up:
``--devices`` cars with one tracker each (declared in Shanghai, 50 km geofence), and
``--days`` days of simulated tracks per device (``integrations.gps.TrackSimulator``: commutes,
errands, weekend trips, overnight heartbeats) with scripted anomalies on some devices (stays at a
second-hand-car market, trips out of the province, tamper, power cuts, offline gaps); the points
of all devices are merged in time order and cut into webhook batches of ``--batch`` points, each
signed with the shared secret, and the URLconf loaded. Timed: every batch POSTed to
``/api/v1/gps/telemetry`` in process
(``--path http``: signature check, JSON parsing, bulk insert, rules evaluated once per batch,
states and alerts written) or handed to ``telemetry_ingest`` directly (``--path service``).
``alerts``: alerts opened by the timed ingest.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from autolend.integrations.gps import TelemetryPoint

ROOT = Path(__file__).resolve().parent.parent
START = datetime(2025, 3, 2, 16, tzinfo=UTC)  # Monday 2025-03-03 00:00 in China
SECRET = "bench-telemetry-secret"
TABLES = ("collateral_gpspoint", "collateral_gpsdevicestate", "collateral_collateralalert", "collateral_gpsinstall",
          "collateral_gpsdevice")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=300, help="trackers (one car each; default 300)")
    parser.add_argument("--days", type=int, default=2, help="days of track per device (default 2)")
    parser.add_argument("--batch", type=int, default=1000, help="points per webhook batch (default 1000)")
    parser.add_argument("--path", choices=("http", "service"), default="http", help="what is timed (default http)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the JSON result (always printed)")
    args = parser.parse_args(argv)
    if args.devices < 1 or args.days < 1 or not 1 <= args.batch <= 10_000:
        print("bench/telemetry.py: --devices and --days at least 1, --batch 1 to 10,000", file=sys.stderr)
        return 2
    if not os.environ.get("DATABASE_URL"):
        (ROOT / "var").mkdir(exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench-telemetry.sqlite3'}"
    os.environ["AUTOLEND_GPS_WEBHOOK_SECRET"] = SECRET
    sys.path[:0] = [str(ROOT / "src")]
    from autolend.commands.base import django_setup

    django_setup()
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "postgresql" and "bench" not in name:
        print(f"bench/telemetry.py: refusing to empty database {name!r}: its name must contain 'bench'", file=sys.stderr)
        return 2
    started = time.perf_counter()
    devices = fleet(args.devices)
    batches = tracks(devices, args.days, args.batch, args.seed)
    points = sum(len(b) for b in batches)
    _progress(f"{args.devices} devices, {points:,} points in {len(batches)} batches, built in "
              f"{time.perf_counter() - started:.1f} s")
    seconds = ingest(batches, args.path)
    from autolend.collateral.models import CollateralAlert

    result = {
        "points": points, "seconds": round(seconds, 3), "points_per_second": round(points / seconds, 1),
        "alerts": CollateralAlert.objects.count(), "database": connection.vendor,
        "devices": args.devices, "batch": args.batch, "path": args.path,
    }
    print(json.dumps(result))
    return 0


def fleet(count: int) -> list[str]:
    """Empty the GPS tables and create ``count`` cars with one tracker each; their device ids."""
    from django.db import connection, transaction
    from django.utils import timezone

    from autolend.collateral.models import GpsDevice, Vehicle
    from autolend.vehicles.vin import make_vin

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")
        else:
            for table in TABLES:
                cursor.execute(f"DELETE FROM {table}")
    now = timezone.now()
    with transaction.atomic():
        Vehicle.objects.filter(vin__startswith="LGXB3NCH").delete()
        cars = Vehicle.objects.bulk_create([
            Vehicle(vin=make_vin("LGX", "B3NCH", 2023, "S", f"{n:06d}"), make="BYD", model="Qin PLUS", model_year=2023,
                    energy="bev", new_price=150000, declared_province="310000", fence_lat=31.2304, fence_lon=121.4737,
                    fence_radius_m=50_000, created_at=now)
            for n in range(count)], batch_size=2000)
        ids = [f"86{n:013d}" for n in range(count)]
        GpsDevice.objects.bulk_create([
            GpsDevice(vehicle=car, external_id=ident, kind="wired", installed_on=date(2025, 3, 1), created_at=now)
            for car, ident in zip(cars, ids, strict=True)], batch_size=2000)
    return ids


def tracks(devices: list[str], days: int, batch: int, seed: int) -> list[list[TelemetryPoint]]:
    """Simulated points of every device, merged in time order and cut into batches."""
    from autolend.integrations.gps import Anomaly, TrackSimulator

    rng = random.Random(seed)
    sim = TrackSimulator(seed)
    market, elsewhere = (31.1130, 121.3820), (30.2741, 120.1551)  # a seeded risky place; Hangzhou
    points: list[TelemetryPoint] = []
    for ident in devices:
        script = []
        roll = rng.random()
        at = START + timedelta(hours=rng.uniform(2, 24 * days - 8))
        if roll < 0.05:
            script.append(Anomaly("visit", at, 3, market))
        elif roll < 0.08:
            script.append(Anomaly("visit", at, 2, elsewhere))
        elif roll < 0.10:
            script.append(Anomaly("tamper", at, 0.1))
        elif roll < 0.12:
            script.append(Anomaly("power_cut", at, 1))
        elif roll < 0.15:
            script.append(Anomaly("offline", at, 6))
        points.extend(sim.track(ident, START, days, script))
    points.sort(key=lambda p: p.at)
    return [points[i:i + batch] for i in range(0, len(points), batch)]


def ingest(batches: list[list[TelemetryPoint]], path: str) -> float:
    """Send every batch; returns the wall time of the sending alone."""
    from django.test import Client
    from django.urls import resolve

    from autolend.collateral.services import telemetry_ingest
    from autolend.integrations.gps import signed_request

    if path == "service":
        started = time.perf_counter()
        for chunk in batches:
            telemetry_ingest(chunk)
        return time.perf_counter() - started
    stamp = int(time.time())
    bodies = [signed_request(chunk, SECRET.encode(), stamp) for chunk in batches]
    client = Client(HTTP_HOST="localhost")  # an allowed host (the test runner's "testserver" is not)
    resolve("/api/v1/gps/telemetry")  # warm up: a running server has imported its URLconf already
    started = time.perf_counter()
    for n, (body, headers) in enumerate(bodies, start=1):
        extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
        response = client.post("/api/v1/gps/telemetry", body, content_type="application/json", **extra)
        if response.status_code != 200:
            raise SystemExit(f"bench/telemetry.py: batch {n} answered {response.status_code}: {response.content[:200]!r}")
        if n % 20 == 0:
            _progress(f"{n}/{len(bodies)} batches")
    return time.perf_counter() - started


def _progress(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
