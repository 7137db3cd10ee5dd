"""Mortgage registration end to end with the simulated registration office: requested after
disbursement → submitted → (pending) → registered → loan paid off → release requested →
released (解押). Every transition is one audit event."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from autolend.audit.models import AuditEvent
from autolend.audit.selectors import audit_verify
from autolend.collateral.models import MortgageStatus
from autolend.collateral.services import (
    mortgage_poll,
    mortgage_release_request,
    mortgage_request,
    mortgage_submit,
)
from autolend.collateral.testing import car_for
from autolend.integrations.payments import SimulatedGateway
from autolend.servicing.selectors import payoff_quote_for
from autolend.servicing.services import payoff_post
from autolend.servicing.testing import assert_books_clean, disbursed_loan, fresh_books, staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clean_books() -> Iterator[None]:
    fresh_books()
    yield
    assert_books_clean()
    SimulatedGateway.reset()  # the simulated payouts of these tests must not leak into later files


def test_registration_and_release() -> None:
    loan = disbursed_loan()
    car = car_for(loan)
    ops = staff("ops")

    reg = mortgage_request(car, date(2024, 1, 16), ops)
    assert (reg.status, reg.register_due_by) == (MortgageStatus.REQUESTED, date(2024, 2, 14))  # 30 days
    reg = mortgage_submit(reg, date(2024, 1, 16), ops)
    assert reg.status == MortgageStatus.SUBMITTED and reg.office_reference.startswith("MRG-20240116-")
    assert mortgage_poll(reg, date(2024, 1, 17), ops).status == MortgageStatus.SUBMITTED  # office still working
    reg = mortgage_poll(reg, date(2024, 1, 18), ops)
    assert reg.status == MortgageStatus.REGISTERED
    assert reg.registered_on == date(2024, 1, 18) and reg.certificate_number.startswith("DY")

    quote = payoff_quote_for(loan, date(2024, 3, 1))
    payoff_post(loan, quote.total, date(2024, 3, 1), "payoff-1")
    reg = mortgage_release_request(reg, date(2024, 3, 2), ops)
    assert reg.status == MortgageStatus.RELEASE_REQUESTED and reg.release_due_by == date(2024, 3, 16)
    assert mortgage_poll(reg, date(2024, 3, 3), ops).status == MortgageStatus.RELEASE_REQUESTED
    reg = mortgage_poll(reg, date(2024, 3, 4), ops)
    assert (reg.status, reg.released_on) == (MortgageStatus.RELEASED, date(2024, 3, 4))

    actions = list(AuditEvent.objects.filter(object_type="mortgageregistration").order_by("seq")
                   .values_list("action", flat=True))
    assert actions == ["collateral.mortgage_request", "collateral.mortgage_submit", "collateral.mortgage_register",
                       "collateral.mortgage_release_request", "collateral.mortgage_release"]
    assert audit_verify().ok
