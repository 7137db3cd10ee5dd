"""Known risk directions hold: the GBM's partial dependence and the scorecard's points are monotone."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from autolend.risk.features import MONOTONE_DIRECTIONS
from autolend.risk.gbm import GbmModel
from autolend.risk.model import TrainedModel


@pytest.mark.parametrize("kind", ["gbm", "scorecard"])
@pytest.mark.parametrize("feature", sorted(MONOTONE_DIRECTIONS))
def test_pd_moves_only_in_the_known_direction(
    synthetic_models: dict[str, TrainedModel], fresh: pd.DataFrame, kind: str, feature: str
) -> None:
    model = synthetic_models[kind]
    sample = fresh.dropna(subset=[feature]).sample(200, random_state=1)
    grid = np.quantile(fresh[feature].dropna(), np.linspace(0.0, 1.0, 15))
    curves = []
    for value in grid:  # every applicant of the sample, with only `feature` set to `value`
        probe = sample.copy()
        probe[feature] = value
        curves.append(model.raw_pd(probe))
    steps = np.diff(np.array(curves), axis=0) * MONOTONE_DIRECTIONS[feature]
    assert steps.min() >= -1e-12, f"{feature} moved PD against its direction"
    average = np.array(curves).mean(axis=1)
    assert (average[-1] - average[0]) * MONOTONE_DIRECTIONS[feature] > 0  # and it does matter


def test_gbm_constraints_are_those_configured(synthetic_models: dict[str, TrainedModel]) -> None:
    gbm = synthetic_models["gbm"].estimator
    assert isinstance(gbm, GbmModel)
    constraints = dict(zip(gbm.features, gbm.constraints))
    assert {f: c for f, c in constraints.items() if c} == dict(MONOTONE_DIRECTIONS)
