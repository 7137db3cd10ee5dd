"""Saving and loading a valuation model: a directory with `model.txt` and `metadata.json`.

`model.txt` is LightGBM's text model. `metadata.json` holds everything else needed to quote
(feature vocabularies, price levels, parameters, range) and to audit the model (features, training
data hash and size, CV metrics, library versions), plus two SHA-256 digests: of `model.txt`, and
of the metadata itself (canonical JSON without that field). `load_model` refuses a directory whose
digests do not match: an integrity check against edits and corruption, not a signature (anyone
who can write the files can recompute the digests).
"""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Mapping
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

import lightgbm as lgb
import numpy as np

from autolend.vehicles.valuation import ValuationModel, ValuationParams
from autolend.vehicles.valuation_features import FeatureSpace

FORMAT = "autolend-valuation/1"
MODEL_FILE = "model.txt"
METADATA_FILE = "metadata.json"


class ArtifactError(ValueError):
    """A model directory that is missing, incomplete, of another format, or altered."""


def versions() -> dict[str, str]:
    """Versions of the libraries a model depends on."""
    try:
        autolend_version = importlib_metadata.version("autolend")
    except importlib_metadata.PackageNotFoundError:
        autolend_version = "unknown"
    return {
        "python": platform.python_version(),
        "lightgbm": lgb.__version__,
        "numpy": np.__version__,
        "autolend": autolend_version,
    }


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _canonical(meta: Mapping[str, Any]) -> bytes:
    body = {k: v for k, v in meta.items() if k != "metadata_sha256"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def save_model(model: ValuationModel, directory: Path, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Write the model to `directory` (created if needed); returns the metadata written.

    extra: more facts for the metadata (e.g. {"trained_at": "..."} from the command line).
    """
    directory.mkdir(parents=True, exist_ok=True)
    model_text = model.booster.model_to_string().encode()
    meta: dict[str, Any] = {
        "format": FORMAT,
        "model_file": MODEL_FILE,
        "model_sha256": _sha256(model_text),
        "target": "log(sale_price)",
        "currency": model.currency,
        "features": list(model.space.names),
        "categorical_features": list(model.space.categories),
        "feature_space": model.space.to_json(),
        "params": model.params.to_json(),
        "residual_quantiles": list(model.residual_quantiles),
        "metrics": dict(model.metrics),
        "data": dict(model.data),
        "versions": versions(),
        **dict(extra or {}),
    }
    meta["metadata_sha256"] = _sha256(_canonical(meta))
    (directory / MODEL_FILE).write_bytes(model_text)
    (directory / METADATA_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n")
    return meta


def read_metadata(directory: Path) -> dict[str, Any]:
    """The metadata of a model directory, after checking its format and its own digest."""
    path = directory / METADATA_FILE
    if not path.is_file():
        raise ArtifactError(f"no {METADATA_FILE} in {directory}")
    try:
        meta = json.loads(path.read_text())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ArtifactError(f"{path} is not valid JSON: {exc}") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ArtifactError(f"{path} is not an {FORMAT} model")
    if meta.get("metadata_sha256") != _sha256(_canonical(meta)):
        raise ArtifactError(f"{path} was altered: its digest does not match")
    return meta


def load_model(directory: Path) -> ValuationModel:
    """Load a model saved by `save_model`, refusing altered or incomplete directories."""
    meta = read_metadata(directory)
    model_path = directory / str(meta.get("model_file", MODEL_FILE))
    if not model_path.is_file():
        raise ArtifactError(f"no {model_path.name} in {directory}")
    model_text = model_path.read_bytes()
    if _sha256(model_text) != meta.get("model_sha256"):
        raise ArtifactError(f"{model_path} was altered: its digest does not match the metadata")
    try:
        booster = lgb.Booster(model_str=model_text.decode())
        space = FeatureSpace.from_json(meta["feature_space"])
        params = ValuationParams.from_json(meta["params"])
        lo, hi = (float(q) for q in meta["residual_quantiles"])
    except (KeyError, TypeError, ValueError, lgb.basic.LightGBMError) as exc:
        raise ArtifactError(f"{directory}: incomplete model ({exc})") from None
    if list(space.names) != list(meta.get("features", [])):
        raise ArtifactError(f"{directory}: features in the metadata do not match the feature space")
    return ValuationModel(
        booster=booster,
        space=space,
        params=params,
        residual_quantiles=(lo, hi),
        currency=str(meta.get("currency", "CNY")),
        metrics=meta.get("metrics", {}),
        data=meta.get("data", {}),
    )
