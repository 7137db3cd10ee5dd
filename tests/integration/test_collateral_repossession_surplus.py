"""Sale proceeds above what the loan owes: the net (sale price − costs) pays the loan off through
servicing (Dr bank / Cr the receivables), the surplus is refunded to the borrower (Dr customer
overpayment / Cr bank), and the loan is closed by repossession. Without a refund account the
surplus is held as customer credit until refunded. The books reconcile throughout.

Worked example: 100,000.00 at 12 %, nothing repaid; on 2024-06-25 the payoff quote is 104,402.84.
Sold for 130,000.00; costs 3,000.00 agent + 1,200.00 towing + 800.00 auction = 5,000.00;
net 125,000.00; surplus 125,000.00 − 104,402.84 = 20,597.16.
"""

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
    repossession_surplus_refund,
)
from autolend.collateral.testing import DEFAULT_DAY, car_for
from autolend.integrations.payments import SimulatedGateway
from autolend.servicing.models import LoanStatus, LoanTransaction
from autolend.servicing.selectors import payoff_quote_for
from autolend.servicing.testing import assert_books_clean, disbursed_loan, fresh_books, lines, staff

pytestmark = pytest.mark.django_db
SOLD = date(2024, 6, 25)


@pytest.fixture(autouse=True)
def clean_books() -> Iterator[None]:
    fresh_books()
    yield
    assert_books_clean()
    SimulatedGateway.reset()  # the simulated payouts of these tests must not leak into later files


def sold_car(price: str = "130000.00") -> RepossessionOrder:
    loan = disbursed_loan()
    order = repossession_order(car_for(loan), DEFAULT_DAY, "in default")
    repossession_assign(order, "Fast Recovery Co.", DEFAULT_DAY)
    repossession_recover(order, DEFAULT_DAY, condition="B", mileage_km=35000, storage_location="Yard 1")
    for kind, amount in (("agent_fee", "3000.00"), ("towing", "1200.00"), ("auction_fee", "800.00")):
        repossession_cost_add(order, kind, amount, DEFAULT_DAY)
    listing_sell(listing_create(order, "auction", DEFAULT_DAY, "90000.00"), price, "Buyer Ltd", SOLD, "AUC-7")
    return order


def test_surplus_refunded_and_loan_closed_by_repossession() -> None:
    order = sold_car()
    assert payoff_quote_for(order.loan, SOLD).total == D("104402.84")
    order = repossession_settle(order, SOLD, staff("finance"), refund_account="6222020000888888")
    assert (order.gross_proceeds, order.costs, order.net_proceeds) == (D("130000.00"), D("5000.00"), D("125000.00"))
    assert (order.surplus, order.deficiency) == (D("20597.16"), D("0.00"))
    assert (order.status, order.outcome) == (RepossessionStatus.CLOSED, SettlementOutcome.PAID_IN_FULL)
    loan = order.loan
    loan.refresh_from_db()
    assert (loan.status, loan.principal_outstanding, loan.credit_balance) == (LoanStatus.CLOSED_REPOSSESSED, 0, 0)
    payoff = LoanTransaction.objects.get(pk=order.settlement["payoff"])
    refund = LoanTransaction.objects.get(pk=order.settlement["refund"])
    assert ("Dr", "1002", D("125000.00")) in lines(payoff.journal_entry)
    assert ("Cr", "2242", D("20597.16")) in lines(payoff.journal_entry)
    assert lines(refund.journal_entry) == [("Dr", "2242", D("20597.16")), ("Cr", "1002", D("20597.16"))]


def test_surplus_held_without_an_account_then_refunded() -> None:
    order = repossession_settle(sold_car(), SOLD)
    assert (order.status, order.outcome) == (RepossessionStatus.SETTLED, SettlementOutcome.SURPLUS_HELD)
    order.loan.refresh_from_db()
    assert (order.loan.status, order.loan.credit_balance) == (LoanStatus.PAID_OFF, D("20597.16"))
    order = repossession_surplus_refund(order, "6222020000888888", date(2024, 6, 27))
    order.loan.refresh_from_db()
    assert (order.status, order.loan.status, order.loan.credit_balance) == (
        RepossessionStatus.CLOSED, LoanStatus.CLOSED_REPOSSESSED, 0)
