"""GPS rules: a tamper flag (防拆) or a power cut (断电) on any point of a batch opens a critical
alert at the time of that point; a retried batch stores nothing twice and opens nothing twice."""

from __future__ import annotations

import pytest

from autolend.collateral.models import CollateralAlert, GpsPoint
from autolend.collateral.services import telemetry_ingest
from autolend.collateral.testing import car_for, parked, point, tracker, utc

pytestmark = pytest.mark.django_db


def test_tamper_and_power_cut() -> None:
    device = tracker(car_for(None))
    batch = [*parked(device, utc(2024, 6, 1), 2), point(device, utc(2024, 6, 1, 2, 10), tamper=True),
             point(device, utc(2024, 6, 1, 2, 20), power="battery"), point(device, utc(2024, 6, 1, 2, 30), power="cut")]
    result = telemetry_ingest(batch)
    assert (result.stored, result.alerts_opened) == (8, 2)
    alerts = {a.kind: a for a in CollateralAlert.objects.all()}
    assert set(alerts) == {"gps_tamper", "gps_power_cut"}
    assert alerts["gps_tamper"].severity == "critical" and alerts["gps_tamper"].opened_at == utc(2024, 6, 1, 2, 10)
    assert alerts["gps_power_cut"].opened_at == utc(2024, 6, 1, 2, 30)

    again = telemetry_ingest(batch)  # the platform retried the webhook
    assert again.alerts_opened == 0
    assert GpsPoint.objects.count() == 8 and CollateralAlert.objects.count() == 2


def test_normal_points_open_nothing() -> None:
    device = tracker(car_for(None))
    assert telemetry_ingest(parked(device, utc(2024, 6, 1), 12)).alerts_opened == 0
