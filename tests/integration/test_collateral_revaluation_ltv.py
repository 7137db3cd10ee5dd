"""Revaluation in EOD (`collateral_revalue`): one valuation per car, date and method, written in
bulk (a re-run writes nothing new); LTV = principal outstanding ÷ value above the threshold opens
an `ltv_shortfall` alert, back within it closes the alert. Only cars of active loans, or of the
loans asked for, are valued."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal as D

import pytest

from autolend.collateral.models import CollateralAlert, Valuation
from autolend.collateral.services import collateral_revalue
from autolend.collateral.testing import car_for
from autolend.integrations.payments import SimulatedGateway
from autolend.servicing.testing import assert_books_clean, disbursed_loan, fresh_books
from autolend.vehicles.depreciation import Condition, Energy, Segment, depreciated_value

pytestmark = pytest.mark.django_db
JAN31 = date(2024, 1, 31)


@pytest.fixture(autouse=True)
def clean_books() -> Iterator[None]:
    fresh_books()
    yield
    assert_books_clean()
    SimulatedGateway.reset()  # the simulated payouts of these tests must not leak into later files


def test_values_match_the_depreciation_curves_and_rerun_is_idempotent() -> None:
    cheap = car_for(disbursed_loan(), 1)  # BEV, new price 150,000
    dear = car_for(disbursed_loan(), 2, new_price="300000.00", energy="ice")
    car_for(None, 3)  # secures no loan: not valued
    result = collateral_revalue(JAN31)
    assert (result.vehicles, result.valued) == (2, 2)
    expected = depreciated_value(D("150000.00"), date(2022, 3, 1), JAN31, 30000, Segment.ECONOMY, Energy.BEV,
                                 Condition.B)
    valuation = Valuation.objects.get(vehicle=cheap)
    assert (valuation.value, valuation.low, valuation.high) == (expected.value, expected.low, expected.high)
    assert valuation.model_version == expected.config_version and valuation.method == "depreciation"
    again = collateral_revalue(JAN31)
    assert (again.valued, again.alerts_opened) == (0, 0) and Valuation.objects.count() == 2
    assert collateral_revalue(JAN31, loans=[dear.loan_id]).vehicles == 1


def test_ltv_shortfall_opens_and_closes(settings: pytest.FixtureRequest) -> None:
    car = car_for(disbursed_loan(), new_price="150000.00")  # 100,000 owed on a car worth about 96,000
    value = depreciated_value(D("150000.00"), date(2022, 3, 1), JAN31, 30000, Segment.ECONOMY, Energy.BEV).value
    assert collateral_revalue(JAN31).alerts_opened == 1
    alert = CollateralAlert.objects.get(is_open=True)
    assert (alert.kind, alert.vehicle_id) == ("ltv_shortfall", car.pk)
    assert D(alert.detail["ltv"]) == (D("100000.00") / value).quantize(D("0.0001")) > D("0.90")
    settings.AUTOLEND_COLLATERAL = {"ltv_alert": "1.20"}  # type: ignore[attr-defined]
    result = collateral_revalue(date(2024, 2, 1))
    assert (result.alerts_opened, result.alerts_closed) == (0, 1)
    assert not CollateralAlert.objects.filter(is_open=True).exists()
