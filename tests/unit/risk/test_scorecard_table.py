"""The JSON points table scores exactly as optbinning's own Scorecard, and reads sensibly."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from optbinning import BinningProcess, Scorecard
from sklearn.linear_model import LogisticRegression

from autolend.risk.features import detect_schema, model_frame, target_vector
from autolend.risk.model import TrainedModel
from autolend.risk.scorecard import Scaling, ScorecardModel, _extract


def test_points_equal_optbinning_score_and_probability(german: pd.DataFrame) -> None:
    frame = german.copy()
    frame.loc[:80, "age_in_years"] = np.nan  # a feature with a Missing bin
    schema = detect_schema(frame, "creditability")
    x, y = model_frame(frame, schema), target_vector(frame["creditability"], schema.bad_values)
    card = Scorecard(
        binning_process=BinningProcess(
            list(schema.features), categorical_variables=sorted(schema.categorical)
        ),
        estimator=LogisticRegression(max_iter=2000),
        scaling_method="pdo_odds",
        scaling_method_params={"pdo": 20, "odds": 50, "scorecard_points": 600},
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        card.fit(x, y, metric_missing="empirical", metric_special="empirical")
    table = _extract(card, schema, Scaling())
    np.testing.assert_allclose(table.score(x), card.score(x), atol=1e-9)
    np.testing.assert_allclose(table.predict_pd(x), card.predict_proba(x)[:, 1], atol=1e-12)
    again = ScorecardModel.from_dict(table.to_dict(), schema)
    np.testing.assert_array_equal(again.score(x), table.score(x))


def test_scaling_is_600_at_50_to_1_and_20_points_double_the_odds() -> None:
    s = Scaling()
    assert s.pd_from_score(600) == pytest.approx(1 / 51)
    odds = lambda score: (1 - s.pd_from_score(score)) / s.pd_from_score(score)  # noqa: E731
    assert odds(620) == pytest.approx(2 * odds(600))
    assert s.score_from_pd(1 / 51) == pytest.approx(600)


def test_unseen_category_scores_neutral(
    german_models: dict[str, TrainedModel], german: pd.DataFrame
) -> None:
    model = german_models["scorecard"]
    card = model.estimator
    assert isinstance(card, ScorecardModel)
    row = german.head(1).assign(purpose="spaceship")
    neutral = next(c.neutral_points for c in card.characteristics if c.name == "purpose")
    assert card.points(model.frame(row))[0, card.features.index("purpose")] == pytest.approx(
        neutral
    )
