"""Saved models: metadata, exact reload, and refusal of altered or incomplete directories."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from autolend.vehicles.valuation import ValuationModel
from autolend.vehicles.valuation_artifact import (
    ArtifactError,
    load_model,
    read_metadata,
    save_model,
)
from autolend.vehicles.valuation_data import VehicleFacts

CAR = VehicleFacts("Toyota", "Camry", 2020, 60_000, "hev", "automatic", body_type="sedan", region="Zhejiang")


@pytest.fixture
def model(synthetic_model: ValuationModel) -> ValuationModel:
    return synthetic_model


@pytest.fixture
def saved(model: ValuationModel, tmp_path: Path) -> Path:
    save_model(model, tmp_path / "model", {"trained_at": "2025-01-01T00:00:00+00:00"})
    return tmp_path / "model"


def test_metadata_records_features_data_hash_metrics_and_versions(saved: Path, model: ValuationModel) -> None:
    meta = read_metadata(saved)
    assert meta["features"] == list(model.space.names) and meta["categorical_features"][0] == "make"
    assert len(meta["data"]["sha256"]) == 64 and meta["metrics"]["n"] == 600
    assert {"python", "lightgbm", "numpy", "autolend"} <= set(meta["versions"])
    assert meta["params"]["seed"] == 7 and meta["params"]["num_threads"] == 1


def test_reload_quotes_exactly_the_same(saved: Path, model: ValuationModel) -> None:
    assert load_model(saved).quote(CAR, date(2024, 6, 1)) == model.quote(CAR, date(2024, 6, 1))


def test_an_edited_model_file_is_refused(saved: Path) -> None:
    text = (saved / "model.txt").read_text()
    (saved / "model.txt").write_text(text.replace("learning_rate: 0.03", "learning_rate: 0.3", 1) + "\n")
    with pytest.raises(ArtifactError, match="model.txt was altered"):
        load_model(saved)


def test_edited_metadata_is_refused(saved: Path) -> None:
    meta = json.loads((saved / "metadata.json").read_text())
    meta["residual_quantiles"] = [-0.01, 0.01]  # a narrower range than measured
    (saved / "metadata.json").write_text(json.dumps(meta))
    with pytest.raises(ArtifactError, match="metadata.json was altered"):
        load_model(saved)


def test_missing_files_and_foreign_directories_are_refused(saved: Path, tmp_path: Path) -> None:
    (saved / "model.txt").unlink()
    with pytest.raises(ArtifactError, match="no model.txt"):
        load_model(saved)
    with pytest.raises(ArtifactError, match="no metadata.json"):
        load_model(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    (other / "metadata.json").write_text('{"format": "something-else"}')
    with pytest.raises(ArtifactError, match="not an autolend-valuation/1 model"):
        load_model(other)


def test_a_copied_directory_loads(saved: Path, tmp_path: Path) -> None:
    copy = shutil.copytree(saved, tmp_path / "copy")
    assert load_model(Path(copy)).metrics == read_metadata(saved)["metrics"]
