"""On the synthetic book, both models rank fresh applications nearly as well as the true PD."""

from __future__ import annotations

import pandas as pd
import pytest

from autolend.risk import metrics
from autolend.risk.model import TrainedModel

TOLERANCE = 0.03


@pytest.mark.parametrize("kind", ["scorecard", "gbm"])
def test_auc_is_close_to_the_auc_of_the_true_pd(
    synthetic_models: dict[str, TrainedModel],
    fresh: pd.DataFrame,
    kind: str,
    record_property: pytest.RecordProperty,
) -> None:
    y = fresh["default"]
    truth = metrics.auc(y, fresh["true_pd"])
    model = metrics.auc(y, synthetic_models[kind].predict_pd(fresh))
    record_property(
        f"synthetic_{kind}", {"auc_model": round(model, 4), "auc_truth": round(truth, 4)}
    )
    print(f"\nsynthetic {kind}: AUC {model:.4f} vs true PD {truth:.4f} (gap {truth - model:.4f})")
    assert truth - model <= TOLERANCE
    assert model <= truth + 0.01  # no model beats the truth by more than noise


@pytest.mark.parametrize("kind", ["scorecard", "gbm"])
def test_predicted_pd_tracks_the_true_pd(
    synthetic_models: dict[str, TrainedModel], fresh: pd.DataFrame, kind: str
) -> None:
    predicted = pd.Series(synthetic_models[kind].predict_pd(fresh))
    assert predicted.corr(fresh["true_pd"].reset_index(drop=True), method="spearman") >= 0.85


def test_holdout_metrics_are_recorded(synthetic_models: dict[str, TrainedModel]) -> None:
    for model in synthetic_models.values():
        assert model.metrics["validation"] == "holdout 20%"
        assert model.metrics["n"] == 40_000
