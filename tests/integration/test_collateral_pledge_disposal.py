"""Disposal of a pledged car on default: the repossession order starts with the car already
recovered (it is in our custody); on sale the items go to the buyer and the pledge is disposed;
at settlement the storage fees to the sale date are collected out of the proceeds before the
rest goes to the loan. The books reconcile."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from autolend.collateral.errors import CollateralError
from autolend.collateral.models import (
    CustodyLog,
    PledgeStatus,
    RepossessionStatus,
    StorageFeePayment,
)
from autolend.collateral.services import (
    listing_create,
    listing_sell,
    pledge_dispose,
    pledge_intake,
    repossession_settle,
)
from autolend.collateral.services.documents import Upload
from autolend.collateral.testing import DEFAULT_DAY, PNG, car_for
from autolend.integrations.payments import SimulatedGateway
from autolend.servicing.testing import assert_books_clean, disbursed_loan, fresh_books, lines

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clean_books(settings: pytest.FixtureRequest, tmp_path: Path) -> Iterator[None]:
    settings.AUTOLEND_COLLATERAL_FILES = str(tmp_path)  # type: ignore[attr-defined]
    fresh_books()
    yield
    assert_books_clean()
    SimulatedGateway.reset()  # the simulated payouts of these tests must not leak into later files


def test_pledged_car_disposed_on_default() -> None:
    loan = disbursed_loan()
    pledge = pledge_intake(car_for(loan), date(2024, 1, 15), location="Yard A", mileage_km=30000, condition="B",
                           photos=[Upload("front.png", "image/png", PNG)], daily_fee="20.00")
    with pytest.raises(CollateralError, match="repossession needs 30"):
        pledge_dispose(pledge, date(2024, 3, 1), "late")  # 15 days past due
    order = pledge_dispose(pledge, DEFAULT_DAY, "126 days past due")
    assert (order.status, order.pledge_id, order.storage_location) == (RepossessionStatus.RECOVERED, pledge.pk, "Yard A")
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.IN_DISPOSAL

    listing_sell(listing_create(order, "auction", DEFAULT_DAY, "80000.00"), "85000.00", "Buyer Ltd", date(2024, 6, 25))
    pledge.refresh_from_db()
    assert (pledge.status, pledge.disposed_on) == (PledgeStatus.DISPOSED, date(2024, 6, 25))
    assert list(CustodyLog.objects.filter(pledge=pledge, direction="out").values_list("item", "counterparty")) == [
        ("car", "Buyer Ltd"), ("keys", "Buyer Ltd"), ("registration_certificate", "Buyer Ltd")]

    order = repossession_settle(order, date(2024, 6, 25))
    fee = StorageFeePayment.objects.get(pledge=pledge)
    assert fee.amount == D("3240.00")  # 162 nights (01-15 → 06-25) × 20.00
    assert lines(fee.journal_entry) == [("Dr", "1002", D("3240.00")), ("Cr", "6021", D("3240.00"))]
    assert (order.costs, order.net_proceeds) == (D("3240.00"), D("81760.00"))
