"""The GPS simulator produces realistic, deterministic tracks (weekday commutes, overnight
parking with heartbeats, weekend trips) that open no alert, and scripted anomalies that open
exactly the alerts they should once sent through the signed webhook."""

from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta

import pytest
from django.test import Client

from autolend.collateral.models import CollateralAlert, GpsPoint, RiskPlace
from autolend.collateral.services import gps_sweep
from autolend.collateral.testing import car_for, tracker, utc
from autolend.integrations.gps import CST, Anomaly, TelemetryPoint, TrackSimulator, signed_request

pytestmark = pytest.mark.django_db
SECRET = b"simulator-secret"
MONDAY = utc(2024, 6, 2, 16)  # 2024-06-03 00:00 in China
HANGZHOU = (30.2741, 120.1551)


@pytest.fixture(autouse=True)
def secret(settings: pytest.FixtureRequest) -> None:
    settings.AUTOLEND_GPS_WEBHOOK_SECRET = SECRET.decode()  # type: ignore[attr-defined]


def send(points: list[TelemetryPoint]) -> None:
    for start in range(0, len(points), 500):
        body, headers = signed_request(points[start:start + 500], SECRET, int(time.time()))
        extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
        assert Client().post("/api/v1/gps/telemetry", body, content_type="application/json", **extra).status_code == 200


def test_a_normal_week_is_realistic_and_quiet() -> None:
    sim = TrackSimulator(seed=11)
    device = tracker(car_for(None))
    points = sim.track(device.external_id, MONDAY, 7)
    assert points == TrackSimulator(seed=11).track(device.external_id, MONDAY, 7)  # deterministic
    moving_hours = Counter((p.at + CST).hour for p in points if p.ignition and (p.at + CST).weekday() < 5)
    assert sum(moving_hours[h] for h in (7, 8, 9)) > 0 and sum(moving_hours[h] for h in (17, 18, 19)) > 0
    night = [p for p in points if 1 <= (p.at + CST).hour < 5]
    assert night and not any(p.ignition for p in night)  # parked at night, heartbeats only
    assert all(b.at - a.at <= timedelta(minutes=30) for a, b in zip(points, points[1:], strict=False))
    send(points)
    assert GpsPoint.objects.count() == len(points)
    gps_sweep(points[-1].at + timedelta(hours=1))
    assert not CollateralAlert.objects.exists()


def test_scripted_anomalies_open_their_alerts() -> None:
    market = RiskPlace.objects.get(name__contains="Minhang")
    sim = TrackSimulator(seed=11)
    device = tracker(car_for(None))
    script = [
        Anomaly("tamper", MONDAY + timedelta(days=1, hours=3), 0.2),
        Anomaly("visit", MONDAY + timedelta(days=2, hours=4), 3, (market.lat, market.lon)),
        Anomaly("visit", MONDAY + timedelta(days=4, hours=2), 2, HANGZHOU),
        Anomaly("power_cut", MONDAY + timedelta(days=5, hours=6), 0.5),
        Anomaly("offline", MONDAY + timedelta(days=6), 60),
    ]
    points = sim.track(device.external_id, MONDAY, 9, script)
    assert len(points) > 1500
    check = MONDAY + timedelta(days=8, hours=3)  # the sweep runs while the data streams in
    send([p for p in points if p.at < check])
    gps_sweep(check)
    send([p for p in points if p.at >= check])  # back online: the offline alert closes
    assert not CollateralAlert.objects.get(kind="gps_offline").is_open
    kinds = set(CollateralAlert.objects.values_list("kind", flat=True))
    assert kinds == {"gps_tamper", "gps_risky_place", "gps_outside_province", "gps_outside_geofence",
                     "gps_power_cut", "gps_offline"}
