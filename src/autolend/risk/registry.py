"""Model registry on files (模型登记): versioned artifacts, metadata, verified hashes.

One model version is one directory:

    model.json     the card: name, version, kind, created, data_hash, target, features, metrics,
                   calibration, grade cut-offs, library versions, and the SHA-256 of each artifact
    model.data.json  everything needed to score (schema, calibrator, cut-offs, scorecard table or
                   GBM encoding) — JSON, never a pickle
    booster.txt    the LightGBM text model (GBM only)

`load` checks every artifact's SHA-256 against the card before parsing it and refuses a changed
file. A `ModelRegistry` keeps versions under root/<name>/<version>/ and the champion and
challenger of each name in root/<name>/roles.json. Times are passed in, never read from a clock.
"""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from autolend.risk.calibration import Calibrator
from autolend.risk.features import Schema
from autolend.risk.gbm import GbmModel
from autolend.risk.model import TrainedModel
from autolend.risk.scorecard import Scaling, ScorecardModel

CARD = "model.json"
DATA = "model.data.json"
BOOSTER = "booster.txt"
ROLES = ("champion", "challenger")
LIBRARIES = ("optbinning", "lightgbm", "scikit-learn", "pandas", "numpy")


class RegistryError(Exception):
    """A model directory that is missing, incomplete, changed, or not ours."""


@dataclass(frozen=True)
class ModelCard:
    """What is known about one saved model version (the contents of model.json)."""

    name: str
    version: str
    kind: str
    created: str
    data_hash: str
    target: str
    bad_values: tuple[str, ...]
    features: tuple[str, ...]
    metrics: Mapping[str, Any]
    calibration: Mapping[str, Any]
    grade_cutoffs: tuple[float, ...]
    libraries: Mapping[str, str]
    artifacts: Mapping[str, str]  # file name → SHA-256 hex
    monotone: Mapping[str, int] = field(default_factory=dict)  # feature → +1 / −1 risk direction
    format: int = 1

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("bad_values", "features", "grade_cutoffs"):
            data[key] = list(data[key])
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ModelCard:
        fields = dict(data)
        for key in ("bad_values", "features", "grade_cutoffs"):
            fields[key] = tuple(fields[key])
        return cls(**fields)


def save(
    model: TrainedModel,
    directory: str | Path,
    *,
    created: datetime | str,
    version: str = "1",
    overwrite: bool = False,
) -> ModelCard:
    """Write `model` into `directory` (created if needed) and return its card.

    `created` is the training time the caller read from its clock (ISO 8601 if a string).
    Refuses a directory that already holds a model unless `overwrite`.
    """
    folder = Path(directory)
    if (folder / CARD).exists() and not overwrite:
        raise RegistryError(f"{folder} already holds a model")
    folder.mkdir(parents=True, exist_ok=True)
    est = model.estimator
    payload = {
        "format": 1,
        "name": model.name,
        "schema": model.schema.to_dict(),
        "calibrator": model.calibrator.to_dict(),
        "cutoffs": list(model.cutoffs),
        "directions": dict(model.directions),
        "scaling": asdict(model.scaling),
        "estimator": est.to_dict(),
    }
    files = {DATA: json.dumps(payload, ensure_ascii=False, indent=1).encode()}
    if isinstance(est, GbmModel):
        files[BOOSTER] = est.model_text().encode()
    for name, content in files.items():
        (folder / name).write_bytes(content)
    card = ModelCard(
        name=model.name,
        version=str(version),
        kind=model.kind,
        created=created.isoformat() if isinstance(created, datetime) else str(created),
        data_hash=model.data_hash,
        target=model.schema.target,
        bad_values=model.schema.bad_values,
        features=tuple(est.features),
        metrics=dict(model.metrics),
        calibration=_calibration_summary(model.calibrator),
        grade_cutoffs=tuple(model.cutoffs),
        libraries=library_versions(),
        artifacts={name: hashlib.sha256(content).hexdigest() for name, content in files.items()},
        monotone={f: d for f, d in model.directions.items() if f in est.features},
    )
    (folder / CARD).write_text(
        json.dumps(card.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return card


def read_card(directory: str | Path) -> ModelCard:
    """The card of the model in `directory` (no artifact is read)."""
    path = Path(directory) / CARD
    if not path.is_file():
        raise RegistryError(f"no model in {directory} ({CARD} not found)")
    try:
        return ModelCard.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, TypeError, KeyError) as exc:
        raise RegistryError(f"{path} is not a model card: {exc}") from None


def load(directory: str | Path) -> TrainedModel:
    """The model in `directory`, after checking each artifact's SHA-256 against the card."""
    folder = Path(directory)
    card = read_card(folder)
    if DATA not in card.artifacts or not set(card.artifacts) <= {DATA, BOOSTER}:
        raise RegistryError(f"{folder}: the card must list {DATA} (and {BOOSTER} for a GBM) only")
    contents = {name: _verified(folder / name, digest) for name, digest in card.artifacts.items()}
    try:
        data = json.loads(contents[DATA])
    except ValueError as exc:
        raise RegistryError(f"{folder / DATA} is not JSON: {exc}") from None
    schema = Schema.from_dict(data["schema"])
    est_data = data["estimator"]
    estimator: ScorecardModel | GbmModel
    if est_data["kind"] == "scorecard":
        estimator = ScorecardModel.from_dict(est_data, schema)
    elif est_data["kind"] == "gbm" and BOOSTER in contents:
        estimator = GbmModel.from_dict(est_data, schema, contents[BOOSTER].decode())
    else:
        raise RegistryError(f"{folder}: unknown model kind {est_data['kind']!r}")
    return TrainedModel(
        name=data["name"],
        estimator=estimator,
        calibrator=Calibrator.from_dict(data["calibrator"]),
        cutoffs=tuple(float(c) for c in data["cutoffs"]),
        metrics=dict(card.metrics),
        data_hash=card.data_hash,
        directions={k: int(v) for k, v in data["directions"].items()},
        scaling=Scaling(**data["scaling"]),
    )


def _calibration_summary(calibrator: Calibrator) -> dict[str, Any]:
    summary: dict[str, Any] = {"method": calibrator.method}
    if calibrator.method == "platt":
        summary |= {"a": round(calibrator.a, 6), "b": round(calibrator.b, 6)}
    if calibrator.method == "isotonic":
        summary["knots"] = len(calibrator.knots_x)
    return summary


def _verified(path: Path, digest: str) -> bytes:
    if not path.is_file():
        raise RegistryError(f"artifact {path.name} is missing from {path.parent}")
    content = path.read_bytes()
    if hashlib.sha256(content).hexdigest() != digest:
        raise RegistryError(
            f"artifact {path.name} in {path.parent} does not match its recorded SHA-256; refusing to load"
        )
    return content


def library_versions() -> dict[str, str]:
    """Versions of Python and the libraries a model depends on."""
    found = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "absent"
    return found


class ModelRegistry:
    """Versions of named models under one root directory, with champion/challenger roles."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def publish(
        self, model: TrainedModel, *, created: datetime | str, version: str | None = None
    ) -> ModelCard:
        """Save `model` as a new version of its name (next integer unless `version` is given)."""
        chosen = version or str(
            1 + max((int(v) for v in self.versions(model.name) if v.isdigit()), default=0)
        )
        for label, value in (("model name", model.name), ("version", chosen)):
            if not value.replace("-", "").replace(".", "").replace(
                "_", ""
            ).isalnum() or value.startswith("."):
                raise RegistryError(
                    f"bad {label} {value!r}: letters, digits, dots, dashes, underscores"
                )
        return save(model, self.root / model.name / chosen, created=created, version=chosen)

    def versions(self, name: str) -> list[str]:
        """Saved versions of `name`, oldest first (numeric versions in numeric order)."""
        folder = self.root / name
        found = (
            [p.name for p in folder.iterdir() if (p / CARD).is_file()] if folder.is_dir() else []
        )
        return sorted(found, key=lambda v: (0, int(v), "") if v.isdigit() else (1, 0, v))

    def cards(self, name: str) -> list[ModelCard]:
        return [read_card(self.root / name / v) for v in self.versions(name)]

    def roles(self, name: str) -> dict[str, str]:
        """{"champion": version, "challenger": version} as far as set."""
        path = self.root / name / "roles.json"
        return dict(json.loads(path.read_text(encoding="utf-8"))) if path.is_file() else {}

    def set_role(self, name: str, version: str, role: str) -> None:
        """Make `version` the `role` ("champion" or "challenger") of `name`."""
        if role not in ROLES:
            raise RegistryError(f"unknown role {role!r}; choose champion or challenger")
        if version not in self.versions(name):
            raise RegistryError(f"{name} has no version {version!r}")
        roles = self.roles(name) | {role: version}
        (self.root / name / "roles.json").write_text(
            json.dumps(roles, indent=2) + "\n", encoding="utf-8"
        )

    def load(self, name: str, role_or_version: str = "champion") -> TrainedModel:
        """A version of `name` by role ("champion", "challenger") or by version."""
        version = self.roles(name).get(role_or_version, role_or_version)
        if version not in self.versions(name):
            raise RegistryError(f"{name} has no {role_or_version}")
        return load(self.root / name / version)
