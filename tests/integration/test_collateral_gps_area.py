"""GPS rules: outside the declared province (bounding box of 上海市) and outside the vehicle's
geofence. A trip to Suzhou (Jiangsu, about 85 km away) breaks both; a trip across Shanghai
beyond a 10 km fence breaks only the fence; a car without a declared area breaks neither."""

from __future__ import annotations

import pytest

from autolend.collateral.geo import haversine_m
from autolend.collateral.models import CollateralAlert
from autolend.collateral.services import telemetry_ingest
from autolend.collateral.testing import SHANGHAI, car_for, point, tracker, utc

pytestmark = pytest.mark.django_db
SUZHOU = (31.2990, 120.5853)
PUDONG_AIRPORT = (31.1443, 121.8083)


def kinds(device_id: int) -> set[str]:
    return set(CollateralAlert.objects.filter(device_id=device_id).values_list("kind", flat=True))


def test_out_of_the_province() -> None:
    device = tracker(car_for(None, 1), 1)
    telemetry_ingest([point(device, utc(2024, 6, 1, 1)), point(device, utc(2024, 6, 1, 3), *SUZHOU, speed_kmh=60)])
    assert kinds(device.pk) == {"gps_outside_province", "gps_outside_geofence"}
    alert = CollateralAlert.objects.get(kind="gps_outside_province")
    assert alert.severity == "high" and alert.opened_at == utc(2024, 6, 1, 3)


def test_beyond_the_geofence_inside_the_province() -> None:
    assert haversine_m(*SHANGHAI, *PUDONG_AIRPORT) > 30_000
    device = tracker(car_for(None, 2, fence=(*SHANGHAI, 10_000.0)), 2)
    telemetry_ingest([point(device, utc(2024, 6, 1, 1), *PUDONG_AIRPORT)])
    assert kinds(device.pk) == {"gps_outside_geofence"}


def test_no_declared_area_no_area_alert() -> None:
    device = tracker(car_for(None, 3, declared_province="", fence=None), 3)
    telemetry_ingest([point(device, utc(2024, 6, 1, 1), *SUZHOU)])
    assert kinds(device.pk) == set()
