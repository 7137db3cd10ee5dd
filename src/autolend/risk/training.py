"""From a labelled table to a calibrated, validated model (模型训练).

Small data (fewer than `holdout_from_rows` rows): stratified K-fold cross-validation gives
out-of-fold PDs; the metrics are the folds' means, the calibrator is fitted on the out-of-fold
PDs, and the final estimator is refitted on all rows. Large data: a stratified holdout
(`holdout_share`); the estimator trains on the rest, the calibrator and the metrics come from
the holdout.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from autolend.risk import metrics
from autolend.risk.calibration import DEFAULT_CUTOFFS, check_cutoffs, fit_calibrator
from autolend.risk.dataset import frame_sha256
from autolend.risk.errors import RiskInputError
from autolend.risk.features import (
    MONOTONE_DIRECTIONS,
    Schema,
    detect_schema,
    model_frame,
    target_vector,
)
from autolend.risk.gbm import GbmModel, GbmParams, fit_gbm
from autolend.risk.model import TrainedModel
from autolend.risk.scorecard import ScorecardModel, ScorecardParams, fit_scorecard

Progress = Callable[[str], None]
KINDS = ("scorecard", "gbm")


@dataclass(frozen=True)
class TrainingConfig:
    """How to train; every number is a default a risk team may change."""

    kind: str = "scorecard"
    folds: int = 5
    holdout_share: float = 0.2
    holdout_from_rows: int = 20_000
    seed: int = 0
    calibration: str = "auto"
    cutoffs: tuple[float, ...] = DEFAULT_CUTOFFS
    directions: Mapping[str, int] = field(default_factory=lambda: dict(MONOTONE_DIRECTIONS))
    scorecard: ScorecardParams = ScorecardParams()
    gbm: GbmParams = GbmParams()
    min_rows: int = 50
    min_per_class: int = 10


def train(
    frame: pd.DataFrame,
    target: str,
    *,
    bad_value: str | None = None,
    exclude: Iterable[str] = (),
    categorical: Iterable[str] = (),
    config: TrainingConfig = TrainingConfig(),
    name: str | None = None,
    data_hash: str | None = None,
    progress: Progress | None = None,
) -> TrainedModel:
    """Train, validate and calibrate a `config.kind` model on `frame`; `target` names the label.

    `exclude` and `categorical` name columns to leave out and to read as categories (see
    `features.detect_schema`). `data_hash` identifies the training data (e.g. the CSV file's
    SHA-256); without it the frame's own hash is used. `progress` receives one-line messages.
    Raises RiskInputError for unusable data or options.
    """
    say = progress or (lambda _message: None)
    _check_config(config)
    schema = detect_schema(frame, target, bad_value, exclude, categorical)
    y = target_vector(frame[target], schema.bad_values)
    _check_size(y, config)
    x = model_frame(frame, schema)
    say(
        f"{len(x)} rows, {int(y.sum())} bad; {len(schema.numeric)} numeric and "
        f"{len(schema.categorical)} categorical features"
        + (f"; dropped {len(schema.dropped)}" if schema.dropped else "")
    )
    if len(x) >= config.holdout_from_rows:
        estimator, raw, y_val, fold_metrics = _holdout(x, y, schema, config, say)
        validation = f"holdout {config.holdout_share:.0%}"
    else:
        estimator, raw, y_val, fold_metrics = _cross_validate(x, y, schema, config, say)
        validation = f"{config.folds}-fold CV"
    calibrator = fit_calibrator(raw, y_val, config.calibration)
    calibrated = calibrator.apply(raw)
    found = {
        "validation": validation,
        **{
            k: round(float(np.mean([m[k] for m in fold_metrics])), 4) for k in ("auc", "ks", "gini")
        },
        "auc_folds": [m["auc"] for m in fold_metrics],
        "brier": round(metrics.brier(y_val, calibrated), 5),
        "brier_raw": round(metrics.brier(y_val, raw), 5),
        "brier_base": round(metrics.brier_base(y_val), 5),
        "mean_pd": round(float(calibrated.mean()), 5),
        "bad_rate": round(float(y.mean()), 5),
        "n": int(len(y)),
        "n_bad": int(y.sum()),
    }
    say(
        f"{validation}: AUC {found['auc']:.4f}, KS {found['ks']:.4f}, calibration {calibrator.method}"
    )
    return TrainedModel(
        name=name or f"{config.kind}-{target}",
        estimator=estimator,
        calibrator=calibrator,
        cutoffs=tuple(config.cutoffs),
        metrics=found,
        data_hash=data_hash or frame_sha256(frame),
        directions=dict(config.directions),
        scaling=config.scorecard.scaling,
    )


def fit_estimator(
    x: pd.DataFrame, y: np.ndarray[Any, Any], schema: Schema, config: TrainingConfig
) -> ScorecardModel | GbmModel:
    """One uncalibrated estimator of `config.kind` on `x` (a model_frame) and `y`."""
    if config.kind == "gbm":
        return fit_gbm(x, y, schema, config.directions, config.gbm)
    return fit_scorecard(x, y, schema, config.directions, config.scorecard)


Fit = tuple[
    ScorecardModel | GbmModel, np.ndarray[Any, Any], np.ndarray[Any, Any], list[dict[str, Any]]
]


def _cross_validate(
    x: pd.DataFrame, y: np.ndarray[Any, Any], schema: Schema, config: TrainingConfig, say: Progress
) -> Fit:
    from sklearn.model_selection import StratifiedKFold

    oof = np.zeros(len(y))
    folds = []
    splitter = StratifiedKFold(n_splits=config.folds, shuffle=True, random_state=config.seed)
    for k, (fit_idx, val_idx) in enumerate(splitter.split(np.zeros(len(y)), y), start=1):
        model = fit_estimator(x.iloc[fit_idx], y[fit_idx], schema, config)
        oof[val_idx] = model.predict_pd(x.iloc[val_idx])
        folds.append(metrics.summary(y[val_idx], oof[val_idx]))
        say(f"fold {k}/{config.folds}: AUC {folds[-1]['auc']:.4f}")
    say("refitting on all rows")
    return fit_estimator(x, y, schema, config), oof, y, folds


def _holdout(
    x: pd.DataFrame, y: np.ndarray[Any, Any], schema: Schema, config: TrainingConfig, say: Progress
) -> Fit:
    from sklearn.model_selection import train_test_split

    fit_idx, val_idx = train_test_split(
        np.arange(len(y)), test_size=config.holdout_share, stratify=y, random_state=config.seed
    )
    say(f"training on {len(fit_idx)} rows, holding out {len(val_idx)}")
    model = fit_estimator(x.iloc[fit_idx], y[fit_idx], schema, config)
    raw = model.predict_pd(x.iloc[val_idx])
    return model, raw, y[val_idx], [metrics.summary(y[val_idx], raw)]


def _check_config(config: TrainingConfig) -> None:
    if config.kind not in KINDS:
        raise RiskInputError(
            "model", f"unknown model kind {config.kind!r}; choose {' or '.join(KINDS)}"
        )
    if config.folds < 2:
        raise RiskInputError("folds", "cross-validation needs at least 2 folds")
    if not 0 < config.holdout_share < 1:
        raise RiskInputError("holdout_share", "must be between 0 and 1")
    try:
        check_cutoffs(config.cutoffs)
    except ValueError as exc:
        raise RiskInputError("cutoffs", str(exc)) from None


def _check_size(y: np.ndarray[Any, Any], config: TrainingConfig) -> None:
    bad, good = int(y.sum()), int(len(y) - y.sum())
    if len(y) < config.min_rows:
        raise RiskInputError(
            "data", f"{len(y)} rows is too few to train; need at least {config.min_rows}"
        )
    least = max(config.min_per_class, config.folds)
    if min(bad, good) < least:
        raise RiskInputError(
            "data", f"{bad} bad and {good} good rows; need at least {least} of each"
        )
