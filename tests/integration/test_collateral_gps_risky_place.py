"""GPS rule: a stay of 2 hours or more at a listed risky place (second-hand-car market, pawnshop)
opens an alert; a shorter stay does not; a stay spread over two batches counts from its first
point, one that begins and ends inside a batch counts too; a stay that goes on without new
reports is caught by the sweep."""

from __future__ import annotations

from datetime import timedelta

import pytest

from autolend.collateral.models import CollateralAlert, GpsDeviceState, RiskPlace
from autolend.collateral.services import gps_sweep, telemetry_ingest
from autolend.collateral.testing import car_for, parked, point, tracker, utc

pytestmark = pytest.mark.django_db


@pytest.fixture
def market() -> RiskPlace:
    return RiskPlace.objects.get(name__contains="Minhang")  # seeded: 31.1130, 121.3820, 400 m


def test_a_long_stay_opens_an_alert(market: RiskPlace) -> None:
    device = tracker(car_for(None))
    start = utc(2024, 6, 1, 2)
    telemetry_ingest([point(device, start - timedelta(minutes=30)), *parked(device, start, 2.5, market.lat + 0.001,
                                                                              market.lon)])
    alert = CollateralAlert.objects.get(kind="gps_risky_place")
    assert alert.detail["place"] == market.pk and alert.opened_at == start and alert.severity == "high"


def test_a_short_stay_does_not(market: RiskPlace) -> None:
    device = tracker(car_for(None))
    telemetry_ingest([*parked(device, utc(2024, 6, 1, 2), 1, market.lat, market.lon), point(device, utc(2024, 6, 1, 4))])
    assert not CollateralAlert.objects.exists()
    assert GpsDeviceState.objects.get(device=device).place is None


def test_a_stay_over_two_batches(market: RiskPlace) -> None:
    device = tracker(car_for(None))
    telemetry_ingest(parked(device, utc(2024, 6, 1, 2), 1.5, market.lat, market.lon))
    assert not CollateralAlert.objects.exists()
    telemetry_ingest(parked(device, utc(2024, 6, 1, 4), 0.5, market.lat, market.lon))
    assert CollateralAlert.objects.get(kind="gps_risky_place").opened_at == utc(2024, 6, 1, 2)


def test_the_sweep_catches_a_stay_without_new_reports(market: RiskPlace) -> None:
    device = tracker(car_for(None))
    telemetry_ingest([point(device, utc(2024, 6, 1, 2), market.lat, market.lon)])
    assert gps_sweep(utc(2024, 6, 1, 3))["opened"] == 0
    assert gps_sweep(utc(2024, 6, 1, 4, 30))["gps_risky_place"] == 1


def test_a_stay_that_ends_inside_the_batch(market: RiskPlace) -> None:
    device = tracker(car_for(None))
    batch = [point(device, utc(2024, 6, 1, 1)), *parked(device, utc(2024, 6, 1, 2), 3, market.lat, market.lon),
             point(device, utc(2024, 6, 1, 6)), point(device, utc(2024, 6, 1, 7))]
    telemetry_ingest(batch)  # arrived, stayed 3 hours, left: all in one batch
    alert = CollateralAlert.objects.get(kind="gps_risky_place")
    assert alert.opened_at == utc(2024, 6, 1, 2) and alert.detail["hours"] == 3.0
    assert GpsDeviceState.objects.get(device=device).place is None
