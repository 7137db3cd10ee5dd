"""On real PostgreSQL, with real threads: 8 staff requesting the registration of one car at once
end with exactly one registration (the others refused as a double registration); 8 webhook
batches for one device at once leave its state at the latest point and open one alert, not 8."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pytest
from tests.integration.races import race

from autolend.collateral.errors import CollateralError
from autolend.collateral.models import (
    CollateralAlert,
    GpsDeviceState,
    GpsPoint,
    MortgageRegistration,
)
from autolend.collateral.services import mortgage_request, telemetry_ingest
from autolend.collateral.testing import car_for, point, tracker, utc
from autolend.integrations.payments import SimulatedGateway
from autolend.servicing.testing import disbursed_loan, fresh_books

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def isolated_gateway() -> Iterator[None]:
    fresh_books()
    yield
    SimulatedGateway.reset()  # the simulated payouts of these tests must not leak into later files


def test_one_registration_wins() -> None:
    car = car_for(disbursed_loan())
    results, errors = race([lambda: mortgage_request(car.pk, date(2024, 1, 16)) for _ in range(8)])
    assert len(results) == 1 and len(errors) == 7
    assert all(isinstance(e, CollateralError) and e.field == "vehicle" for e in errors), errors
    assert MortgageRegistration.objects.count() == 1


def test_concurrent_batches_for_one_device() -> None:
    device = tracker(car_for(None))
    base = utc(2024, 6, 1)

    def batch(k: int) -> Callable[[], object]:
        points = [point(device, base + timedelta(minutes=10 * k + i), tamper=(i == 0)) for i in range(10)]
        return lambda: telemetry_ingest(points)

    results, errors = race([batch(k) for k in range(8)])
    assert not errors and len(results) == 8
    assert GpsPoint.objects.count() == 80
    state = GpsDeviceState.objects.get(device=device)
    assert state.last_seen_at == base + timedelta(minutes=10 * 7 + 9)
    assert CollateralAlert.objects.filter(kind="gps_tamper", is_open=True).count() == 1
