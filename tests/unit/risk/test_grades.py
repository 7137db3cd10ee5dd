"""Grades A–E rise with PD; cut-offs are configurable and checked."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from autolend.risk.calibration import GRADES, check_cutoffs, grade, grades
from autolend.risk.model import TrainedModel


def test_boundaries_of_the_default_cutoffs() -> None:
    assert [grade(p) for p in (0.0, 0.0199, 0.02, 0.049, 0.05, 0.0999, 0.1, 0.2, 0.99)] == list(
        "AABBCCDEE"
    )


def test_custom_cutoffs() -> None:
    assert grades([0.005, 0.015, 0.025, 0.035, 0.5], (0.01, 0.02, 0.03, 0.04)) == list("ABCDE")
    with pytest.raises(ValueError):
        check_cutoffs((0.1, 0.05, 0.2, 0.3))
    with pytest.raises(ValueError):
        check_cutoffs((0.1, 0.2, 0.3))


@pytest.mark.parametrize("kind", ["scorecard", "gbm"])
def test_grades_are_monotone_in_pd_and_in_observed_bad_rate(
    synthetic_models: dict[str, TrainedModel], fresh: pd.DataFrame, kind: str
) -> None:
    model = synthetic_models[kind]
    pds = model.predict_pd(fresh)
    order = np.argsort(pds)
    ranks = np.array([GRADES.index(g) for g in grades(pds[order], model.cutoffs)])
    assert np.all(np.diff(ranks) >= 0)
    frame = pd.DataFrame({"grade": model.grades(fresh), "bad": fresh["default"].to_numpy()})
    rates = frame.groupby("grade")["bad"].mean()
    assert rates.is_monotonic_increasing and len(rates) == 5
