"""Registering a car as collateral: the VIN is checked (ISO 3779 / GB 16735), a VIN is registered
once, a province must exist, and the registration is audited."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from autolend.audit.models import AuditEvent
from autolend.collateral.errors import CollateralError
from autolend.collateral.testing import car_for, vin_for
from autolend.integrations.payments import SimulatedGateway
from autolend.servicing.testing import disbursed_loan, fresh_books

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def isolated_gateway() -> Iterator[None]:
    fresh_books()
    yield
    SimulatedGateway.reset()  # the simulated payouts of these tests must not leak into later files


def test_a_valid_car_is_registered_and_audited() -> None:
    loan = disbursed_loan()
    car = car_for(loan)
    assert (car.vin, car.loan_id, car.energy, car.declared_province) == (vin_for(1), loan.pk, "bev", "310000")
    event = AuditEvent.objects.get(action="collateral.vehicle_register")
    assert event.object_id == str(car.pk) and event.after["vin"] == car.vin


def test_a_wrong_check_digit_is_refused() -> None:
    vin = vin_for(2)
    wrong = vin[:8] + ("0" if vin[8] != "0" else "1") + vin[9:]
    with pytest.raises(CollateralError) as refused:
        car_for(None, 2, vin=wrong)
    assert refused.value.field == "vin" and "check digit" in refused.value.message.lower()


def test_a_vin_is_registered_once() -> None:
    car_for(None, 3)
    with pytest.raises(CollateralError) as refused:
        car_for(None, 3, plate="沪B00003")
    assert refused.value.field == "vin" and "already registered" in refused.value.message


def test_an_unknown_province_is_refused() -> None:
    with pytest.raises(CollateralError) as refused:
        car_for(None, 4, declared_province="999999")
    assert refused.value.field == "declared_province"
