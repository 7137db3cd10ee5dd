"""Model registry on files: round-trip, metadata, tamper detection, versions and roles."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from autolend.risk.model import TrainedModel
from autolend.risk.registry import ModelRegistry, RegistryError, load, read_card, save

CREATED = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize("kind", ["scorecard", "gbm"])
def test_round_trip_scores_identically(
    synthetic_models: dict[str, TrainedModel], fresh: pd.DataFrame, tmp_path: Path, kind: str
) -> None:
    model = synthetic_models[kind]
    card = save(model, tmp_path / kind, created=CREATED, version="7")
    again = load(tmp_path / kind)
    sample = fresh.head(500)
    np.testing.assert_array_equal(again.predict_pd(sample), model.predict_pd(sample))
    assert again.reasons(sample.head(3)) == model.reasons(sample.head(3))
    assert (card.name, card.version, card.kind, card.created) == (
        f"synthetic-{kind}",
        "7",
        kind,
        "2026-03-01T09:30:00+00:00",
    )
    assert card.target == "default" and card.bad_values == ("1",)
    assert card.metrics["auc"] > 0.75 and card.metrics["validation"] == "holdout 20%"
    assert card.grade_cutoffs == (0.02, 0.05, 0.10, 0.20)
    assert {"python", "optbinning", "lightgbm", "scikit-learn", "pandas", "numpy"} <= set(
        card.libraries
    )
    assert len(card.data_hash) == 64 and card.monotone["dti"] == 1
    on_disk = json.loads((tmp_path / kind / "model.json").read_text(encoding="utf-8"))
    assert on_disk["artifacts"] == dict(card.artifacts) and read_card(tmp_path / kind) == card


@pytest.mark.parametrize(
    ("kind", "artifact"), [("scorecard", "model.data.json"), ("gbm", "booster.txt")]
)
def test_an_altered_artifact_is_refused(
    synthetic_models: dict[str, TrainedModel], tmp_path: Path, kind: str, artifact: str
) -> None:
    save(synthetic_models[kind], tmp_path, created=CREATED)
    path = tmp_path / artifact
    path.write_bytes(path.read_bytes().replace(b"0.", b"9.", 1))
    with pytest.raises(RegistryError, match="does not match its recorded SHA-256"):
        load(tmp_path)
    path.unlink()
    with pytest.raises(RegistryError, match="missing"):
        load(tmp_path)


def test_card_cannot_point_outside_the_model(
    synthetic_models: dict[str, TrainedModel], tmp_path: Path
) -> None:
    save(synthetic_models["scorecard"], tmp_path, created=CREATED)
    card = json.loads((tmp_path / "model.json").read_text(encoding="utf-8"))
    card["artifacts"]["../elsewhere"] = "0" * 64
    (tmp_path / "model.json").write_text(json.dumps(card), encoding="utf-8")
    with pytest.raises(RegistryError, match="must list"):
        load(tmp_path)


def test_no_overwrite_without_asking(
    synthetic_models: dict[str, TrainedModel], tmp_path: Path
) -> None:
    save(synthetic_models["scorecard"], tmp_path, created=CREATED)
    with pytest.raises(RegistryError, match="already holds a model"):
        save(synthetic_models["gbm"], tmp_path, created=CREATED)
    assert save(synthetic_models["gbm"], tmp_path, created=CREATED, overwrite=True).kind == "gbm"
    with pytest.raises(RegistryError, match="no model"):
        load(tmp_path / "nothing-here")


def test_versions_and_champion_challenger(
    synthetic_models: dict[str, TrainedModel], tmp_path: Path
) -> None:
    registry = ModelRegistry(tmp_path)
    scorecard = synthetic_models["scorecard"]
    assert [registry.publish(scorecard, created=CREATED).version for _ in range(3)] == [
        "1",
        "2",
        "3",
    ]
    assert registry.publish(scorecard, created=CREATED, version="10").version == "10"
    assert registry.versions(scorecard.name) == ["1", "2", "3", "10"]
    registry.set_role(scorecard.name, "2", "champion")
    registry.set_role(scorecard.name, "10", "challenger")
    assert registry.roles(scorecard.name) == {"champion": "2", "challenger": "10"}
    assert registry.load(scorecard.name).kind == "scorecard"
    assert [c.version for c in registry.cards(scorecard.name)] == ["1", "2", "3", "10"]
    with pytest.raises(RegistryError, match="no version"):
        registry.set_role(scorecard.name, "99", "champion")
    with pytest.raises(RegistryError, match="unknown role"):
        registry.set_role(scorecard.name, "1", "king")
    with pytest.raises(RegistryError, match="bad version"):
        registry.publish(scorecard, created=CREATED, version="../x")
