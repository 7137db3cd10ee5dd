"""GPS rule: a device silent for more than 48 hours (or never heard from 48 hours after its
installation) is offline; the alert closes when the device reports again."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from autolend.collateral.models import CollateralAlert
from autolend.collateral.services import gps_sweep, telemetry_ingest
from autolend.collateral.testing import car_for, parked, point, tracker, utc
from autolend.integrations.payments import SimulatedGateway
from autolend.servicing.testing import disbursed_loan, fresh_books

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def isolated_gateway() -> Iterator[None]:
    fresh_books()
    yield
    SimulatedGateway.reset()  # the simulated payouts of these tests must not leak into later files


def test_offline_opens_after_48_hours_and_closes_on_the_next_report() -> None:
    loan = disbursed_loan()
    device = tracker(car_for(loan))
    telemetry_ingest(parked(device, utc(2024, 6, 1), 5))  # last heartbeat 2024-06-01 05:00 UTC
    assert gps_sweep(utc(2024, 6, 3, 5))["opened"] == 0  # exactly 48 hours: not yet
    assert gps_sweep(utc(2024, 6, 3, 5, 1))["opened"] == 1
    assert gps_sweep(utc(2024, 6, 3, 6))["opened"] == 0  # still open, not duplicated
    alert = CollateralAlert.objects.get(is_open=True)
    assert (alert.kind, alert.severity, alert.device_id, alert.loan_id) == ("gps_offline", "medium", device.pk, loan.pk)
    result = telemetry_ingest([point(device, utc(2024, 6, 3, 7))])
    assert result.alerts_closed == 1
    alert.refresh_from_db()
    assert not alert.is_open and alert.resolution == "device reported again"


def test_a_device_never_heard_from() -> None:
    device = tracker(car_for(None), on=date(2024, 6, 1))
    assert gps_sweep(utc(2024, 6, 2, 12))["opened"] == 0
    assert gps_sweep(utc(2024, 6, 4))["opened"] == 1
    assert CollateralAlert.objects.get(device=device).detail["never_reported"] is True
