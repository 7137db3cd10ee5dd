"""One application scored without pandas: the same arithmetic as ``risk.model.TrainedModel.decide``.

``TrainedModel.decide`` is built for tables: for one row, building the DataFrame and its typed
model frame costs more than the model itself. ``fast_decide`` takes the row as a mapping and
computes, with the same numpy operations in the same order, the scorecard's points (bins by
``bisect_right`` = ``searchsorted(side="right")``, categories by lookup, missing and unseen values
as the model defines), or the GBM's encoded matrix, booster prediction and contributions; then
the same calibration, grade and reason codes. A test keeps it equal to ``decide`` on thousands
of synthetic applications (PD, score, grade and reasons identical).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Mapping
from typing import Any

import numpy as np

from autolend.risk.calibration import grades
from autolend.risk.explain import top_reasons
from autolend.risk.gbm import GbmModel
from autolend.risk.model import Decision, TrainedModel
from autolend.risk.scorecard import ScorecardModel


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _number(value: Any) -> float:
    return math.nan if _missing(value) else float(value)


def _text(value: Any) -> str | None:
    return None if _missing(value) else str(value).strip()


Arrays = tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]]


def _scorecard(est: ScorecardModel, row: Mapping[str, Any]) -> Arrays:
    """(raw PD, points short of each characteristic's best, missing flags), as the table path."""
    points = np.empty(len(est.characteristics))
    missing = np.zeros(len(est.characteristics), dtype=bool)
    for j, c in enumerate(est.characteristics):
        value = row.get(c.name)
        if c.categorical:
            text = _text(value)
            missing[j] = text is None
            points[j] = c.missing_points if text is None else c._lookup.get(text, c.neutral_points)
        else:
            x = _number(value)
            missing[j] = math.isnan(x)
            points[j] = c.missing_points if missing[j] else c.points[min(bisect_right(c.splits, x), len(c.points) - 1)]
    matrix = points.reshape(1, -1)
    raw = est.scaling.pd_from_score(matrix.sum(axis=1))
    best = np.array([c.best_points for c in est.characteristics])
    return raw, np.maximum(best - matrix, 0.0), missing.reshape(1, -1)


def _gbm(est: GbmModel, row: Mapping[str, Any]) -> Arrays:
    """(raw PD, contributions to the log-odds, missing flags), as the table path."""
    values = np.empty((1, len(est.features)))
    missing = np.zeros((1, len(est.features)), dtype=bool)
    for j, name in enumerate(est.features):
        if name in est.categories:
            text = _text(row.get(name))
            missing[0, j] = text is None
            codes = est.categories[name]
            values[0, j] = float(codes.index(text)) if text is not None and text in codes else math.nan
        else:
            values[0, j] = _number(row.get(name))
            missing[0, j] = math.isnan(values[0, j])
    raw = np.asarray(est.booster.predict(values, num_threads=1), dtype=float)
    contributions = np.asarray(est.booster.predict(values, pred_contrib=True, num_threads=1), dtype=float)[:, :-1]
    return raw, contributions, missing


def fast_decide(model: TrainedModel, row: Mapping[str, Any], top: int = 4) -> Decision:
    """``model.decide`` of the one-row table ``row`` (feature name → value, None when missing)."""
    est = model.estimator
    raw, impacts, missing = _scorecard(est, row) if isinstance(est, ScorecardModel) else _gbm(est, row)
    names = est.features
    pds = model.calibrator.apply(raw)
    scores = model.scaling.score_from_pd(pds)
    reasons = top_reasons(impacts, names, missing, top)[0]
    return Decision(float(pds[0]), round(float(scores[0]), 1), grades(pds, model.cutoffs)[0], tuple(reasons))
