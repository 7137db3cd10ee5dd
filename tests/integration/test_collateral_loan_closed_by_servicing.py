"""Servicing owns the loan's move to closed_repossessed: ``loan_close_by_repossession`` checks the
state machine (paid_off → closed_repossessed), refuses while money is owed or a credit is held,
audits the change once and is idempotent. Collateral's settlement goes through it.

Worked example (see test_collateral_repossession_surplus): payoff quote 104,402.84 on 2024-06-25,
net proceeds 125,000.00, surplus 20,597.16 held as customer credit until refunded.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal as D

import pytest

from autolend.audit.models import AuditEvent
from autolend.collateral.services import (
    listing_create,
    listing_sell,
    repossession_assign,
    repossession_order,
    repossession_recover,
    repossession_settle,
    repossession_surplus_refund,
)
from autolend.collateral.testing import DEFAULT_DAY, car_for
from autolend.integrations.payments import SimulatedGateway
from autolend.servicing import states
from autolend.servicing.errors import ServicingError
from autolend.servicing.models import LoanStatus
from autolend.servicing.services import loan_close_by_repossession
from autolend.servicing.testing import assert_books_clean, disbursed_loan, fresh_books, staff

pytestmark = pytest.mark.django_db
SOLD = date(2024, 6, 25)


@pytest.fixture(autouse=True)
def clean_books() -> Iterator[None]:
    fresh_books()
    yield
    assert_books_clean()
    SimulatedGateway.reset()


def test_transition_is_in_the_state_machine() -> None:
    assert LoanStatus.CLOSED_REPOSSESSED in states.TRANSITIONS[LoanStatus.PAID_OFF]
    assert states.TRANSITIONS[LoanStatus.CLOSED_REPOSSESSED] == frozenset()


def test_refused_while_owed_or_credit_held_then_closed_once() -> None:
    loan = disbursed_loan()
    with pytest.raises(ServicingError) as owed:
        loan_close_by_repossession(loan.number, SOLD)
    assert owed.value.field == "status" and "100000.00 owed" in owed.value.message
    order = repossession_order(car_for(loan), DEFAULT_DAY, "in default")
    repossession_assign(order, "Fast Recovery Co.", DEFAULT_DAY)
    repossession_recover(order, DEFAULT_DAY, condition="B", mileage_km=35000, storage_location="Yard 1")
    listing_sell(listing_create(order, "auction", DEFAULT_DAY, "90000.00"), "125000.00", "Buyer Ltd", SOLD, "AUC-7")
    order = repossession_settle(order, SOLD)
    loan.refresh_from_db()
    assert (loan.status, loan.credit_balance) == (LoanStatus.PAID_OFF, D("20597.16"))
    with pytest.raises(ServicingError, match="20597.16 credit"):
        loan_close_by_repossession(loan.number, SOLD)
    repossession_surplus_refund(order, "6222020000888888", date(2024, 6, 27), staff("finance"))
    loan.refresh_from_db()
    assert (loan.status, loan.closed_on) == (LoanStatus.CLOSED_REPOSSESSED, SOLD)
    events = AuditEvent.objects.filter(action="loan.close_by_repossession", object_id=loan.number)
    assert events.count() == 1
    assert events.get().before["status"] == "paid_off" and events.get().after["status"] == "closed_repossessed"
    again = loan_close_by_repossession(loan.number, date(2024, 6, 28))
    assert again.status == LoanStatus.CLOSED_REPOSSESSED and events.count() == 1
