"""German credit (UCI Statlog, 1,000 rows, 30% bad): 5-fold CV AUC at the published level ≈ 0.78."""

from __future__ import annotations

import pytest

from autolend.risk.model import TrainedModel

# Issue 4's proof asks ≥ 0.77 of the scorecard; the GBM must at least clear 0.75.
FLOORS = {"scorecard": 0.77, "gbm": 0.75}


@pytest.mark.parametrize("kind", ["scorecard", "gbm"])
def test_cross_validated_auc_reaches_the_published_level(
    german_models: dict[str, TrainedModel], kind: str, record_property: pytest.RecordProperty
) -> None:
    m = german_models[kind].metrics
    record_property(f"german_{kind}", {k: m[k] for k in ("auc", "ks", "gini", "auc_folds")})
    print(
        f"\ngerman credit {kind}: 5-fold CV AUC {m['auc']} KS {m['ks']} Gini {m['gini']} folds {m['auc_folds']}"
    )
    assert m["validation"] == "5-fold CV"
    assert len(m["auc_folds"]) == 5
    assert m["auc"] >= FLOORS[kind]
    assert 0.35 <= m["ks"] <= 0.65
    assert m["gini"] == pytest.approx(2 * m["auc"] - 1, abs=2e-4)
    assert m["n"] == 1000 and m["n_bad"] == 300


def test_scorecard_reads_the_categorical_columns(german_models: dict[str, TrainedModel]) -> None:
    schema = german_models["scorecard"].schema
    assert "status_of_existing_checking_account" in schema.categorical
    assert "duration_in_month" in schema.numeric
    assert schema.bad_values == ("bad",)
