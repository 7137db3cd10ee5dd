"""Repossession and remarketing, step by step: order (only for a loan in default) → agent →
recovered (condition, storage) → costs → listed (reserve from the latest valuation) → withdrawn
→ listed again → sold. Steps out of order are refused; every step is an audit event."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal as D

import pytest

from autolend.audit.models import AuditEvent
from autolend.collateral.errors import CollateralError
from autolend.collateral.models import RepossessionStatus, Vehicle
from autolend.collateral.services import (
    collateral_revalue,
    listing_create,
    listing_sell,
    listing_withdraw,
    repossession_assign,
    repossession_cancel,
    repossession_cost_add,
    repossession_order,
    repossession_recover,
    repossession_settle,
)
from autolend.collateral.testing import DEFAULT_DAY, car_for
from autolend.integrations.payments import SimulatedGateway
from autolend.servicing.testing import assert_books_clean, disbursed_loan, fresh_books, staff

pytestmark = pytest.mark.django_db
S = RepossessionStatus


@pytest.fixture(autouse=True)
def clean_books() -> Iterator[None]:
    fresh_books()
    yield
    assert_books_clean()
    SimulatedGateway.reset()  # the simulated payouts of these tests must not leak into later files


def test_only_a_loan_in_default_is_repossessed() -> None:
    car = car_for(disbursed_loan())
    with pytest.raises(CollateralError, match="5 days past due: repossession needs 30"):
        repossession_order(car, date(2024, 2, 20), "late")
    with pytest.raises(CollateralError, match="secures no loan"):
        repossession_order(car_for(None, 2), DEFAULT_DAY, "no loan")
    order = repossession_order(car, DEFAULT_DAY, "126 days past due, borrower unreachable")
    with pytest.raises(CollateralError, match="already has an open repossession"):
        repossession_order(car, DEFAULT_DAY, "again")
    repossession_cancel(order, "borrower paid the arrears", DEFAULT_DAY)
    assert repossession_order(car, DEFAULT_DAY, "defaulted again").status == S.ORDERED


def test_the_steps_in_order() -> None:
    car = car_for(disbursed_loan())
    collector = staff("collector")
    order = repossession_order(car, DEFAULT_DAY, "126 days past due", collector)
    with pytest.raises(CollateralError, match="cannot record the recovery"):
        repossession_recover(order, DEFAULT_DAY, condition="C", mileage_km=1, storage_location="Yard")
    order = repossession_assign(order, "Fast Recovery Co.", DEFAULT_DAY, collector)
    with pytest.raises(CollateralError, match="cannot list"):
        listing_create(order, "auction", DEFAULT_DAY, "80000.00")
    order = repossession_recover(order, date(2024, 6, 22), condition="C", mileage_km=41000,
                                 storage_location="Yard 3, Minhang", actor=collector)
    assert (order.status, order.recovered_condition) == (S.RECOVERED, "C")
    assert Vehicle.objects.get(pk=car.pk).mileage_km == 41000
    with pytest.raises(CollateralError, match="cannot cancel"):
        repossession_cancel(order, "too late", DEFAULT_DAY)
    repossession_cost_add(order, "agent_fee", "3000.00", date(2024, 6, 22))
    repossession_cost_add(order, "towing", "800.00", date(2024, 6, 22))

    with pytest.raises(CollateralError, match="no valuation"):
        listing_create(order, "auction", date(2024, 6, 23))
    collateral_revalue(date(2024, 6, 23))
    first = listing_create(order, "auction", date(2024, 6, 23))
    assert first.reserve_price > D("50000")  # the low end of the latest valuation
    with pytest.raises(CollateralError, match="cannot list"):
        listing_create(order, "dealer", date(2024, 6, 23), "70000.00")
    listing_withdraw(first, date(2024, 6, 30))
    with pytest.raises(CollateralError, match="cannot sell"):
        listing_sell(first, "70000.00", "Nobody", date(2024, 6, 30))
    with pytest.raises(CollateralError, match="cannot apply proceeds"):
        repossession_settle(order, date(2024, 6, 30))
    second = listing_create(order, "dealer", date(2024, 7, 1), "70000.00")
    sold = listing_sell(second, "72000.00", "Shanghai Used Cars Ltd", date(2024, 7, 3), "DL-0042")
    order.refresh_from_db()
    assert (sold.status, order.status) == ("sold", S.SOLD)

    actions = list(AuditEvent.objects.filter(action__startswith="collateral.").exclude(
        action__in=["collateral.vehicle_register", "collateral.alerts_open"]).order_by("seq")
        .values_list("action", flat=True))
    assert actions == [
        "collateral.repossession_order", "collateral.repossession_assign", "collateral.repossession_recover",
        "collateral.repossession_cost_add", "collateral.repossession_cost_add", "collateral.listing_create",
        "collateral.listing_withdraw", "collateral.listing_create", "collateral.listing_sell",
    ]
