"""The challenger is small and reproducible: the same data and seed give the same booster."""

from __future__ import annotations

import pandas as pd

from autolend.risk.features import MONOTONE_DIRECTIONS, detect_schema, model_frame, target_vector
from autolend.risk.gbm import GbmModel, GbmParams, fit_gbm


def test_same_data_same_seed_same_trees(german: pd.DataFrame) -> None:
    schema = detect_schema(german, "creditability")
    x, y = model_frame(german, schema), target_vector(german["creditability"], schema.bad_values)
    first = fit_gbm(x, y, schema, MONOTONE_DIRECTIONS, GbmParams(rounds=60))
    second = fit_gbm(x, y, schema, MONOTONE_DIRECTIONS, GbmParams(rounds=60))
    assert first.model_text() == second.model_text()
    assert first.booster.num_trees() == 60
    again = GbmModel.from_dict(first.to_dict(), schema, first.model_text())
    assert (again.predict_pd(x) == first.predict_pd(x)).all()
    params = GbmParams().lightgbm(rows=50_000, constraints=[0])
    assert (
        params["deterministic"] and params["num_threads"] == 2 and params["min_data_in_leaf"] == 250
    )
