"""GPS rule: a car whose position has not changed by more than 300 m for 7 days is flagged by the
sweep (it may have been abandoned, or its tracker moved to a wall); moving again closes it."""

from __future__ import annotations

import pytest

from autolend.collateral.geo import offset
from autolend.collateral.models import CollateralAlert
from autolend.collateral.services import gps_sweep, telemetry_ingest
from autolend.collateral.testing import SHANGHAI, car_for, parked, point, tracker, utc

pytestmark = pytest.mark.django_db


def test_no_movement_for_seven_days() -> None:
    device = tracker(car_for(None))
    telemetry_ingest(parked(device, utc(2024, 6, 1), 24 * 8, every_minutes=360))  # 8 days, heartbeats every 6 h
    telemetry_ingest([point(device, utc(2024, 6, 9, 1), *offset(*SHANGHAI, 150, 0))])  # GPS drift, not a move
    assert gps_sweep(utc(2024, 6, 7, 23))["opened"] == 0
    assert gps_sweep(utc(2024, 6, 9, 2))["gps_no_movement"] == 1
    alert = CollateralAlert.objects.get(is_open=True)
    assert alert.kind == "gps_no_movement" and alert.severity == "low"
    result = telemetry_ingest([point(device, utc(2024, 6, 9, 3), *offset(*SHANGHAI, 1000, 0), speed_kmh=30,
                                     ignition=True)])
    assert result.alerts_closed == 1 and not CollateralAlert.objects.filter(is_open=True).exists()
