"""Sale proceeds below what the loan owes: the net pays what is due in the product's allocation
order, then interest to date, then principal (a prepayment through servicing); the deficiency
stays owed (and, once the borrower settles it, the order closes and the loan is closed by
repossession) or goes to write-off through servicing's maker-checker. The books reconcile."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal as D

import pytest

from autolend.collateral.models import RepossessionOrder, RepossessionStatus, SettlementOutcome
from autolend.collateral.services import (
    listing_create,
    listing_sell,
    repossession_assign,
    repossession_cost_add,
    repossession_order,
    repossession_recover,
    repossession_settle,
    repossessions_close,
)
from autolend.collateral.testing import DEFAULT_DAY, car_for
from autolend.integrations.payments import SimulatedGateway
from autolend.servicing.errors import ServicingError
from autolend.servicing.models import LoanStatus, LoanTransaction
from autolend.servicing.selectors import loan_outstanding, payoff_quote_for
from autolend.servicing.services import payoff_post
from autolend.servicing.testing import assert_books_clean, disbursed_loan, dues, fresh_books, staff

pytestmark = pytest.mark.django_db
SOLD = date(2024, 6, 25)


@pytest.fixture(autouse=True)
def clean_books() -> Iterator[None]:
    fresh_books()
    yield
    assert_books_clean()
    SimulatedGateway.reset()  # the simulated payouts of these tests must not leak into later files


def sold_car() -> RepossessionOrder:
    loan = disbursed_loan()
    order = repossession_order(car_for(loan), DEFAULT_DAY, "in default")
    repossession_assign(order, "Fast Recovery Co.", DEFAULT_DAY)
    repossession_recover(order, DEFAULT_DAY, condition="D", mileage_km=90000, storage_location="Yard 2")
    repossession_cost_add(order, "agent_fee", "2000.00", DEFAULT_DAY)
    listing_sell(listing_create(order, "auction", DEFAULT_DAY, "50000.00"), "60000.00", "Buyer Ltd", SOLD, "AUC-8")
    return order


def test_deficiency_stays_owed_then_is_paid() -> None:
    order = repossession_settle(sold_car(), SOLD, staff("finance"))
    assert order.net_proceeds == D("58000.00")
    assert (order.status, order.outcome) == (RepossessionStatus.SETTLED, SettlementOutcome.DEFICIENCY_OWED)
    loan = order.loan
    loan.refresh_from_db()
    prepayment = LoanTransaction.objects.get(pk=order.settlement["prepayment"])
    assert (prepayment.kind, prepayment.amount) == ("prepayment", D("58000.00"))
    overdue = [row for row in dues(loan) if row.due_date <= SOLD]
    assert all(row.settled_on == SOLD for row in overdue)  # Feb–Jun instalments paid first
    assert loan.status == LoanStatus.ACTIVE and order.deficiency == loan_outstanding(loan).total > 0
    assert loan.principal_outstanding < D("100000.00") - (D("58000.00") - D("44424.40"))  # principal fell

    payoff_post(loan, payoff_quote_for(loan, date(2024, 7, 1)).total, date(2024, 7, 1), "deficiency-paid")
    assert repossessions_close(date(2024, 7, 1)) == 1
    order.refresh_from_db()
    loan.refresh_from_db()
    assert (order.status, order.outcome, loan.status) == (
        RepossessionStatus.CLOSED, SettlementOutcome.PAID_IN_FULL, LoanStatus.CLOSED_REPOSSESSED)


def test_deficiency_written_off_with_a_checker() -> None:
    order = repossession_settle(sold_car(), SOLD, staff("collector"), deficiency="write_off",
                                writeoff_checker=staff("risk"))
    assert (order.status, order.outcome) == (RepossessionStatus.CLOSED, SettlementOutcome.DEFICIENCY_WRITTEN_OFF)
    order.loan.refresh_from_db()
    assert order.loan.status == LoanStatus.WRITTEN_OFF and order.loan.principal_outstanding == 0
    writeoff = LoanTransaction.objects.get(pk=order.settlement["writeoff"])
    assert writeoff.amount == order.deficiency


def test_the_maker_cannot_approve_the_write_off_and_nothing_is_applied() -> None:
    order = sold_car()
    with pytest.raises(ServicingError):
        repossession_settle(order, SOLD, staff("collector"), deficiency="write_off", writeoff_checker=staff("collector"))
    order.refresh_from_db()
    order.loan.refresh_from_db()
    assert order.status == RepossessionStatus.SOLD and order.loan.principal_outstanding == D("100000.00")
    assert not LoanTransaction.objects.filter(loan=order.loan, kind="prepayment").exists()


def test_write_off_waits_for_its_checker() -> None:
    order = repossession_settle(sold_car(), SOLD, staff("collector"), deficiency="write_off")
    assert (order.status, order.outcome) == (RepossessionStatus.SETTLED, SettlementOutcome.DEFICIENCY_WRITE_OFF)
    from autolend.servicing.services import writeoff_approve

    writeoff_approve(order.settlement["writeoff_request"], staff("risk"), SOLD)
    assert repossessions_close(SOLD) == 1
    order.refresh_from_db()
    assert order.outcome == SettlementOutcome.DEFICIENCY_WRITTEN_OFF
