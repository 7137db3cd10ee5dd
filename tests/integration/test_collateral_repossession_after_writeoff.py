"""A car recovered after its loan was written off: the net proceeds are a recovery
(Dr bank / Cr recoveries of written-off loans [6051]) through servicing's `recovery_post`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal as D

import pytest

from autolend.collateral.models import RepossessionStatus, SettlementOutcome
from autolend.collateral.services import (
    listing_create,
    listing_sell,
    repossession_assign,
    repossession_cost_add,
    repossession_order,
    repossession_recover,
    repossession_settle,
)
from autolend.collateral.testing import car_for
from autolend.integrations.payments import SimulatedGateway
from autolend.servicing.models import LoanTransaction
from autolend.servicing.services import writeoff_approve, writeoff_request
from autolend.servicing.testing import assert_books_clean, disbursed_loan, fresh_books, lines, staff

pytestmark = pytest.mark.django_db
SEP1 = date(2024, 9, 1)


@pytest.fixture(autouse=True)
def clean_books() -> Iterator[None]:
    fresh_books()
    yield
    assert_books_clean()
    SimulatedGateway.reset()  # the simulated payouts of these tests must not leak into later files


def test_proceeds_after_write_off_are_a_recovery() -> None:
    loan = disbursed_loan()
    car = car_for(loan)
    writeoff_approve(writeoff_request(loan, staff("maker"), SEP1, "absconded"), staff("checker"), SEP1)
    order = repossession_order(car, date(2024, 10, 1), "found the car")
    repossession_assign(order, "Fast Recovery Co.", date(2024, 10, 1))
    repossession_recover(order, date(2024, 10, 3), condition="C", mileage_km=50000, storage_location="Yard 4")
    repossession_cost_add(order, "agent_fee", "4000.00", date(2024, 10, 3))
    listing_sell(listing_create(order, "auction", date(2024, 10, 5), "60000.00"), "64000.00", "Buyer Ltd",
                 date(2024, 10, 12))
    order = repossession_settle(order, date(2024, 10, 12))
    assert (order.status, order.outcome, order.net_proceeds) == (
        RepossessionStatus.CLOSED, SettlementOutcome.RECOVERY, D("60000.00"))
    recovery = LoanTransaction.objects.get(pk=order.settlement["recovery"])
    assert lines(recovery.journal_entry) == [("Dr", "1002", D("60000.00")), ("Cr", "6051", D("60000.00"))]
