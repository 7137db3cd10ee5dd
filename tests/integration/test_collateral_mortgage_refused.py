"""Refused mortgage transitions: before disbursement, a second registration of the same car,
registering twice, a release before payoff, steps out of order, and an office rejection (the
simulated office rejects VINs ending in 0000). A refusal writes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from autolend.audit.models import AuditEvent
from autolend.collateral.errors import CollateralError
from autolend.collateral.models import MortgageRegistration, MortgageStatus
from autolend.collateral.services import (
    mortgage_cancel,
    mortgage_poll,
    mortgage_register,
    mortgage_release_confirm,
    mortgage_release_request,
    mortgage_request,
    mortgage_submit,
)
from autolend.collateral.testing import car_for
from autolend.integrations.payments import SimulatedGateway
from autolend.servicing.testing import book, disbursed_loan, fresh_books

pytestmark = pytest.mark.django_db
JAN16, JAN18 = date(2024, 1, 16), date(2024, 1, 18)


@pytest.fixture(autouse=True)
def books() -> Iterator[None]:
    fresh_books()
    yield
    SimulatedGateway.reset()  # the simulated payouts of these tests must not leak into later files


def refused(field: str, fn: object, *args: object) -> str:
    events = AuditEvent.objects.count()
    with pytest.raises(CollateralError) as exc:
        fn(*args)  # type: ignore[operator]
    assert exc.value.field == field, exc.value
    assert AuditEvent.objects.count() == events
    return exc.value.message


def registered() -> MortgageRegistration:
    reg = mortgage_submit(mortgage_request(car_for(disbursed_loan()), JAN16), JAN16)
    return mortgage_poll(reg, JAN18)


def test_no_registration_before_disbursement() -> None:
    car = car_for(book())
    assert "after disbursement" in refused("loan", mortgage_request, car, JAN16)


def test_no_double_registration() -> None:
    reg = registered()
    assert "no double registration" in refused("vehicle", mortgage_request, reg.vehicle, JAN18)
    message = refused("status", mortgage_register, reg, "DY0000000001", JAN18, JAN18)
    assert "already registered" in message and "no double registration" in message


def test_no_release_before_payoff() -> None:
    reg = registered()
    assert "no release before payoff" in refused("loan", mortgage_release_request, reg, date(2024, 2, 1))
    assert MortgageRegistration.objects.get(pk=reg.pk).status == MortgageStatus.REGISTERED


def test_steps_out_of_order() -> None:
    reg = mortgage_request(car_for(disbursed_loan()), JAN16)
    refused("status", mortgage_register, reg, "DY1", JAN16, JAN16)  # not filed yet
    refused("status", mortgage_release_confirm, reg, JAN16, JAN16)
    mortgage_submit(reg, JAN16)
    refused("status", mortgage_submit, reg, JAN16)  # filed once
    refused("status", mortgage_cancel, reg, "changed my mind", JAN16)  # only before filing
    refused("registered_on", mortgage_register, reg, "DY1", date(2024, 1, 20), JAN18)  # after the business date


def test_the_office_rejects_and_a_new_request_may_follow() -> None:
    car = car_for(disbursed_loan(), serial="120000")  # VIN ends in 0000
    reg = mortgage_submit(mortgage_request(car, JAN16), JAN16)
    assert reg.status == MortgageStatus.REJECTED and "not found" in reg.rejected_reason
    again = mortgage_request(car, JAN18)
    assert again.pk != reg.pk and again.status == MortgageStatus.REQUESTED
