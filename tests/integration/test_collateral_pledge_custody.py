"""Pledge custody (质押): an intake inspection with photos stored by SHA-256, the custody log of
car, keys and registration certificate (no item out twice or in twice), storage fees by the
night collected through the ledger (Dr bank / Cr fee income, subledger = loan), and release only
once the loan is paid off and the fees are settled."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from autolend.collateral.errors import CollateralError
from autolend.collateral.models import CustodyLog, PledgeStatus
from autolend.collateral.services import (
    custody_record,
    pledge_intake,
    pledge_release,
    storage_fee_collect,
    storage_fee_due,
)
from autolend.collateral.services.documents import Upload, document_bytes
from autolend.collateral.testing import PNG, car_for
from autolend.integrations.payments import SimulatedGateway
from autolend.servicing.selectors import payoff_quote_for
from autolend.servicing.services import payoff_post
from autolend.servicing.testing import assert_books_clean, disbursed_loan, fresh_books, lines, staff

pytestmark = pytest.mark.django_db
JAN15, APR15 = date(2024, 1, 15), date(2024, 4, 15)


@pytest.fixture(autouse=True)
def clean_books(settings: pytest.FixtureRequest, tmp_path: Path) -> Iterator[None]:
    settings.AUTOLEND_COLLATERAL_FILES = str(tmp_path)  # type: ignore[attr-defined]
    fresh_books()
    yield
    assert_books_clean()
    SimulatedGateway.reset()  # the simulated payouts of these tests must not leak into later files


def photos() -> list[Upload]:
    return [Upload("front.png", "image/png", PNG + b"front"), Upload("odometer.png", "image/png", PNG + b"odo")]


def test_custody_from_intake_to_release(tmp_path: Path) -> None:
    loan = disbursed_loan()
    car = car_for(loan)
    keeper = staff("keeper")
    pledge = pledge_intake(car, JAN15, location="Yard A, bay 12", mileage_km=31000, condition="B", photos=photos(),
                           counterparty="Zhang San", actor=keeper)
    docs = list(pledge.documents.order_by("pk"))
    assert [d.sha256 for d in docs] == [hashlib.sha256(PNG + b"front").hexdigest(), hashlib.sha256(PNG + b"odo").hexdigest()]
    assert (tmp_path / docs[0].path).read_bytes() == PNG + b"front" and document_bytes(docs[1]) == PNG + b"odo"

    custody_record(pledge, "registration_certificate", "out", date(2024, 3, 1), counterparty="Zhang San",
                   note="annual inspection", actor=keeper)
    with pytest.raises(CollateralError, match="not in custody"):
        custody_record(pledge, "registration_certificate", "out", date(2024, 3, 2))
    custody_record(pledge, "registration_certificate", "in", date(2024, 3, 5), counterparty="Zhang San")
    with pytest.raises(CollateralError, match="already in custody"):
        custody_record(pledge, "keys", "in", date(2024, 3, 5))

    with pytest.raises(CollateralError, match="no release before payoff"):
        pledge_release(pledge, date(2024, 3, 6))
    payoff_post(loan, payoff_quote_for(loan, APR15).total, APR15, "payoff")
    assert storage_fee_due(pledge, APR15) == D("2730.00")  # 91 nights × 30.00
    with pytest.raises(CollateralError, match="storage fees is due"):
        pledge_release(pledge, APR15)
    payment = storage_fee_collect(pledge, "2730.00", APR15, actor=keeper)
    assert lines(payment.journal_entry) == [("Dr", "1002", D("2730.00")), ("Cr", "6021", D("2730.00"))]
    assert payment.journal_entry.lines.get(account__code="6021").subledger == loan.number
    pledge = pledge_release(pledge, APR15, counterparty="Zhang San", actor=keeper)
    assert pledge.status == PledgeStatus.RELEASED
    log = list(CustodyLog.objects.filter(pledge=pledge).order_by("pk").values_list("item", "direction"))
    assert log == [("car", "in"), ("keys", "in"), ("registration_certificate", "in"),
                   ("registration_certificate", "out"), ("registration_certificate", "in"),
                   ("car", "out"), ("keys", "out"), ("registration_certificate", "out")]


def test_intake_needs_photos_and_one_pledge_at_a_time() -> None:
    car = car_for(disbursed_loan())
    with pytest.raises(CollateralError, match="at least one photo"):
        pledge_intake(car, JAN15, location="Yard A", mileage_km=1, condition="B", photos=[])
    with pytest.raises(CollateralError, match="not accepted"):
        pledge_intake(car, JAN15, location="Yard A", mileage_km=1, condition="B",
                      photos=[Upload("x.exe", "application/x-msdownload", b"MZ")])
    pledge_intake(car, JAN15, location="Yard A", mileage_km=1, condition="B", photos=photos())
    with pytest.raises(CollateralError, match="already pledged"):
        pledge_intake(car, JAN15, location="Yard B", mileage_km=1, condition="B", photos=photos())


def test_fees_can_be_waived_but_not_overcollected() -> None:
    loan = disbursed_loan()
    pledge = pledge_intake(car_for(loan), JAN15, location="Yard A", mileage_km=1, condition="A", photos=photos(),
                           daily_fee="10.00")
    with pytest.raises(CollateralError, match="more than the storage fees due"):
        storage_fee_collect(pledge, "101.00", date(2024, 1, 25))
    waiver = storage_fee_collect(pledge, "100.00", date(2024, 1, 25), waive=True)
    assert waiver.journal_entry is None and storage_fee_due(pledge, date(2024, 1, 25)) == 0
