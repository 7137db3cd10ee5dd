"""Signing a contract registers the car as the booked loan's collateral (vehicle tied to the
loan); after the payout, ``collateral_after_disbursement`` values the car and requests the
mortgage registration (抵押登记) of a mortgage-secured product, once (idempotent); a car that
secures another loan refuses the signing and books nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from autolend.collateral.models import MortgageRegistration, MortgageStatus, Valuation, Vehicle
from autolend.collateral.services import vehicle_register
from autolend.identity.models import Role
from autolend.origination import testing as t
from autolend.origination.errors import OriginationError
from autolend.origination.services import contract_sign, offer_accept, stipulation_waive
from autolend.origination.services.securing import (
    collateral_after_disbursement,
    collateral_after_disbursement_due,
    collateral_kind,
)
from autolend.servicing.models import Loan
from autolend.servicing.services import disbursement_approve, disbursement_request
from autolend.servicing.testing import fresh_books

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    t.configure(settings, tmp_path)
    t.seed_catalogue()
    fresh_books()


def signed(**changes: Any) -> Any:
    app = t.submit(dealer_row=t.dealer(), **changes)
    offer_accept(app, app.offers.order_by("rank").first(), as_of=t.AS_OF)
    for stipulation in app.stipulations.all():
        stipulation_waive(stipulation, actor=t.user("ops", Role.OPERATIONS), reason="checked at the dealer")
    return contract_sign(app, code="123456", as_of=t.AS_OF), app


def test_signing_registers_the_car_and_the_payout_requests_the_mortgage() -> None:
    contract, app = signed()
    loan = Loan.objects.get(number=contract.loan_number)
    car = Vehicle.objects.get(vin=app.vin)
    assert car.loan_id == loan.pk and (car.make, car.model_year) == (app.vehicle_make, app.vehicle_year)
    assert not MortgageRegistration.objects.exists()  # nothing to register before the payout

    request = disbursement_request(loan, t.user("maker", Role.OPERATIONS), t.AS_OF)
    loan = disbursement_approve(request, t.user("checker", Role.FINANCE), t.AS_OF)
    assert collateral_kind("new_car") == "mortgage"
    assert collateral_after_disbursement_due(t.AS_OF) == {"mortgage_requested": 1}
    registration = MortgageRegistration.objects.get(vehicle=car)
    assert registration.status == MortgageStatus.REQUESTED and registration.loan_id == loan.pk
    assert Valuation.objects.filter(vehicle=car, as_of=t.AS_OF).count() == 1
    assert collateral_after_disbursement_due(t.AS_OF) == {}  # done once
    assert collateral_after_disbursement(loan, t.AS_OF) == "already"


def test_a_car_securing_another_loan_refuses_the_signing() -> None:
    contract, _first = signed()
    first_loan = Loan.objects.get(number=contract.loan_number)
    second = t.submit(dealer_row=t.dealer(), vin=t.vin())
    offer_accept(second, second.offers.order_by("rank").first(), as_of=t.AS_OF)
    for stipulation in second.stipulations.all():
        stipulation_waive(stipulation, actor=t.user("ops", Role.OPERATIONS), reason="checked")
    # the same car was registered by collateral staff for the first loan meanwhile
    vehicle_register(vin=second.vin, make="大众", model="朗逸", model_year=2025, new_price="150000", as_of=t.AS_OF,
                     loan=first_loan)
    with pytest.raises(OriginationError) as refused:
        contract_sign(second, code="123456", as_of=t.AS_OF)
    assert refused.value.field == "vin"
    second.refresh_from_db()
    assert Loan.objects.count() == 1 and second.status == "offer_accepted"


def test_end_of_day_requests_the_mortgage_of_the_days_payouts_within_a_week() -> None:
    from datetime import timedelta

    from autolend.servicing.eod.day_steps import day_steps_run

    contract, app = signed()
    loan = Loan.objects.get(number=contract.loan_number)
    request = disbursement_request(loan, t.user("maker", Role.OPERATIONS), t.AS_OF)
    disbursement_approve(request, t.user("checker", Role.FINANCE), t.AS_OF)
    assert collateral_after_disbursement_due(t.AS_OF + timedelta(days=7)) == {}  # a week on: out of the window
    summaries = day_steps_run(t.AS_OF)
    assert summaries["collateral_secure"] == {"mortgage_requested": 1}
    assert MortgageRegistration.objects.get(vehicle__vin=app.vin).status == MortgageStatus.REQUESTED
