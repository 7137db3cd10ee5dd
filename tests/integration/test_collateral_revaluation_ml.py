"""Revaluation with the ML model (`method="ml"`): the model configured by
`AUTOLEND_VALUATION_MODEL` (a directory saved by `vehicles.valuation_artifact`) values the cars;
the valuation records the model's digest as its version. Without a model the method is refused."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal as D
from pathlib import Path

import pytest

from autolend.collateral.errors import CollateralError
from autolend.collateral.models import Valuation
from autolend.collateral.services import collateral_revalue
from autolend.collateral.testing import car_for
from autolend.integrations.payments import SimulatedGateway
from autolend.servicing.testing import assert_books_clean, disbursed_loan, fresh_books
from autolend.vehicles.valuation import ValuationParams, train
from autolend.vehicles.valuation_artifact import save_model
from autolend.vehicles.valuation_data import SaleRecord, VehicleFacts

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clean_books() -> Iterator[None]:
    fresh_books()
    yield
    assert_books_clean()
    SimulatedGateway.reset()  # the simulated payouts of these tests must not leak into later files


def small_model(directory: Path) -> None:
    rng = random.Random(3)
    sales = []
    for _ in range(120):
        year, km = rng.randint(2016, 2023), rng.randint(5_000, 150_000)
        price = 150_000 * 0.88 ** (2024 - year) * (1 - km / 400_000) * rng.uniform(0.95, 1.05)
        sales.append(SaleRecord(VehicleFacts("BYD", rng.choice(["Qin PLUS", "Han"]), year, km, fuel="bev"),
                                D(round(price)), date(2024, 1, 1) + timedelta(days=rng.randint(0, 30))))
    model = train(sales, ValuationParams(num_boost_round=40, min_data_in_leaf=5, level_folds=2), folds=2)
    save_model(model, directory)


def test_ml_revaluation(settings: pytest.FixtureRequest, tmp_path: Path) -> None:
    car = car_for(disbursed_loan())
    with pytest.raises(CollateralError, match="no ML valuation model"):
        collateral_revalue(date(2024, 2, 1), method="ml")
    small_model(tmp_path)
    settings.AUTOLEND_VALUATION_MODEL = str(tmp_path)  # type: ignore[attr-defined]
    result = collateral_revalue(date(2024, 2, 1), method="ml")
    assert result.valued == 1
    valuation = Valuation.objects.get(vehicle=car, method="ml")
    assert valuation.low <= valuation.value <= valuation.high and D("30000") < valuation.value < D("200000")
    assert valuation.model_version.startswith("ml:") and len(valuation.model_version) == 15
