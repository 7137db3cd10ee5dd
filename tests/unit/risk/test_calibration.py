"""Calibrated PDs are frequencies: mean PD ≈ bad rate on unseen data, Brier beats the base rate."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from autolend.risk import metrics
from autolend.risk.calibration import Calibrator, fit_calibrator
from autolend.risk.model import TrainedModel


@pytest.mark.parametrize("kind", ["scorecard", "gbm"])
def test_mean_pd_is_within_one_point_of_the_observed_bad_rate(
    synthetic_models: dict[str, TrainedModel], fresh: pd.DataFrame, kind: str
) -> None:
    pds = synthetic_models[kind].predict_pd(fresh)
    assert abs(pds.mean() - fresh["default"].mean()) <= 0.01
    assert metrics.brier(fresh["default"], pds) < metrics.brier_base(fresh["default"])
    table = metrics.calibration_table(fresh["default"], pds, bins=10)
    assert [row["n"] for row in table] == [2000] * 10
    for (
        row
    ) in table:  # each decile within 3 points (deciles of 2,000 rows carry ±1.3 points of noise)
        assert abs(row["mean_pd"] - row["bad_rate"]) <= 0.03


@pytest.mark.parametrize("kind", ["scorecard", "gbm"])
def test_german_credit_cv_calibration(german_models: dict[str, TrainedModel], kind: str) -> None:
    m = german_models[kind].metrics
    assert abs(m["mean_pd"] - m["bad_rate"]) <= 0.01
    assert m["brier"] < m["brier_base"]


def test_platt_repairs_a_miscalibrated_model_and_keeps_its_ranking() -> None:
    rng = np.random.default_rng(3)
    true_pd = rng.uniform(0.01, 0.4, 20_000)
    y = (rng.random(true_pd.size) < true_pd).astype(int)
    skewed = np.clip(true_pd * 1.8, 0, 0.99)  # ranks right, far too high
    calibrator = fit_calibrator(skewed, y, "platt")
    fixed = calibrator.apply(skewed)
    assert abs(fixed.mean() - y.mean()) < 0.005
    assert metrics.auc(y, fixed) == pytest.approx(metrics.auc(y, skewed))
    assert metrics.brier(y, fixed) < metrics.brier(y, skewed)


def test_isotonic_is_monotone_and_round_trips() -> None:
    rng = np.random.default_rng(4)
    raw = rng.uniform(0, 1, 5_000)
    y = (rng.random(raw.size) < raw**2).astype(int)
    calibrator = fit_calibrator(raw, y, "isotonic")
    grid = np.linspace(0, 1, 101)
    assert np.all(np.diff(calibrator.apply(grid)) >= 0)
    again = Calibrator.from_dict(calibrator.to_dict())
    np.testing.assert_array_equal(again.apply(grid), calibrator.apply(grid))
    with pytest.raises(ValueError, match="unknown calibration"):
        fit_calibrator(raw, y, "magic")
