"""The engine scores one application without pandas (``fastscore.fast_decide``); it must give
exactly what the risk package's table path gives: PD, score, grade and reason codes."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from autolend.decisioning.engine.fastscore import fast_decide
from autolend.risk import synthetic
from autolend.risk.model import TrainedModel
from autolend.risk.training import TrainingConfig, train


@pytest.fixture(scope="module")
def book() -> pd.DataFrame:
    return synthetic.synthetic_book(6000, 5)


@pytest.fixture(scope="module", params=["scorecard", "gbm"])
def model(request: pytest.FixtureRequest, book: pd.DataFrame) -> TrainedModel:
    columns = [*synthetic.FEATURES, synthetic.TARGET]
    return train(book[columns], synthetic.TARGET, config=TrainingConfig(kind=request.param, holdout_from_rows=1000))


def test_identical_to_the_table_path(model: TrainedModel) -> None:
    fresh = synthetic.synthetic_book(400, 9)[list(synthetic.FEATURES)]
    fresh.loc[fresh.index[:20], "region"] = "atlantis"  # a category never seen in training
    fresh.loc[fresh.index[20:40], "dealer_id"] = None
    table = model.decide(fresh)
    for (_, row), expected in zip(fresh.iterrows(), table):
        values = {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
        assert fast_decide(model, values) == expected
