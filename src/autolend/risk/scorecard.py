"""Champion model: an optbinning scorecard (评分卡), scored by a plain points table.

Training bins every feature with optbinning's `BinningProcess` (optimal binning; monotonic event
rate for features with a known direction), fits a logistic regression on the weights of evidence
and scales it with `Scorecard(scaling_method="pdo_odds")`. The result is copied into a
`ScorecardModel`: per characteristic, its bins and points. Scoring reads that table only (no
optbinning at run time, no pickle on disk; it is JSON).

Scaling (`Scaling`): 600 points at good:bad odds of 50:1, 20 points to double the odds, so
    score = 600 + 20/ln 2 · (ln(odds_good) − ln 50),   PD = 1 / (1 + odds_good).
Higher scores are better. A missing value takes its bin's points when training saw missing values
for that feature, else the neutral points (weight of evidence 0); so does an unseen category.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from autolend.risk.features import FloatArray, Schema

TREND = {1: "ascending", -1: "descending"}  # event (bad) rate as the value grows


@dataclass(frozen=True)
class Scaling:
    """Points to double the odds (`pdo`), and the score at the base good:bad odds."""

    pdo: float = 20.0
    base_score: float = 600.0
    base_odds: float = 50.0

    @property
    def factor(self) -> float:
        return self.pdo / math.log(2.0)

    @property
    def offset(self) -> float:
        return self.base_score - self.factor * math.log(self.base_odds)

    def pd_from_score(self, score: Any) -> FloatArray:
        """PD (0..1) of a score in points."""
        log_odds_good = (np.asarray(score, dtype=float) - self.offset) / self.factor
        return np.asarray(1.0 / (1.0 + np.exp(log_odds_good)), dtype=float)

    def score_from_pd(self, pd_: Any) -> FloatArray:
        """Score in points of a PD; PDs are clipped to [1e-6, 1 − 1e-6]."""
        p = np.clip(np.asarray(pd_, dtype=float), 1e-6, 1 - 1e-6)
        return np.asarray(self.offset + self.factor * np.log((1 - p) / p), dtype=float)


@dataclass(frozen=True)
class Characteristic:
    """One feature of the scorecard: its bins and the points of each.

    Numeric bins are [splits[i-1], splits[i]); categorical bins list their categories.
    `best_points` is the highest score among bins that held training rows, or the neutral points
    if higher (reason codes measure the shortfall from it).
    """

    name: str
    categorical: bool
    splits: tuple[float, ...]
    groups: tuple[tuple[str, ...], ...]
    labels: tuple[str, ...]
    points: tuple[float, ...]
    missing_points: float
    neutral_points: float
    best_points: float

    @cached_property
    def _lookup(self) -> dict[str, float]:
        return {cat: self.points[i] for i, group in enumerate(self.groups) for cat in group}

    def bin_points(self, values: pd.Series) -> FloatArray:
        """Points of each value (numeric: float with NaN; categorical: text or NaN)."""
        if self.categorical:
            lookup, neutral, missing = self._lookup, self.neutral_points, self.missing_points
            return np.fromiter(
                (
                    missing if not isinstance(v, str) else lookup.get(v, neutral)
                    for v in values.to_numpy()
                ),
                dtype=float,
                count=len(values),
            )
        x = values.to_numpy(dtype=float)
        idx = np.searchsorted(np.asarray(self.splits, dtype=float), x, side="right")
        pts = np.asarray(self.points, dtype=float)[np.minimum(idx, len(self.points) - 1)]
        return np.where(np.isnan(x), self.missing_points, pts)

    def to_dict(self) -> dict[str, Any]:
        return {k: _jsonable(getattr(self, k)) for k in self.__dataclass_fields__}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Characteristic:
        return cls(
            name=data["name"],
            categorical=bool(data["categorical"]),
            splits=tuple(float(s) for s in data["splits"]),
            groups=tuple(tuple(str(c) for c in g) for g in data["groups"]),
            labels=tuple(data["labels"]),
            points=tuple(float(p) for p in data["points"]),
            missing_points=float(data["missing_points"]),
            neutral_points=float(data["neutral_points"]),
            best_points=float(data["best_points"]),
        )


@dataclass(frozen=True)
class ScorecardParams:
    """Training options: smallest information value kept, LR regularisation C, bins per feature."""

    min_iv: float = 0.0
    c: float = 1.0
    max_n_bins: int = 10
    min_bin_size: float = 0.03  # share of rows
    scaling: Scaling = Scaling()


@dataclass(frozen=True)
class ScorecardModel:
    """A fitted scorecard; `predict_pd` is the logistic regression's (uncalibrated) PD."""

    schema: Schema
    characteristics: tuple[Characteristic, ...]
    scaling: Scaling

    kind = "scorecard"

    @property
    def features(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.characteristics)

    def points(self, x: pd.DataFrame) -> FloatArray:
        """Points per row and characteristic, shape (rows, characteristics); `x` as model_frame."""
        return np.column_stack([c.bin_points(x[c.name]) for c in self.characteristics])

    def score(self, x: pd.DataFrame) -> FloatArray:
        """Total points per row (higher is better)."""
        return np.asarray(self.points(x).sum(axis=1), dtype=float)

    def predict_pd(self, x: pd.DataFrame) -> FloatArray:
        return self.scaling.pd_from_score(self.score(x))

    def shortfall(self, x: pd.DataFrame) -> FloatArray:
        """Points below each characteristic's best bin (≥ 0): how much each one hurt."""
        best = np.array([c.best_points for c in self.characteristics])
        return np.maximum(best - self.points(x), 0.0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "scaling": self.scaling.__dict__,
            "characteristics": [c.to_dict() for c in self.characteristics],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], schema: Schema) -> ScorecardModel:
        chars = tuple(Characteristic.from_dict(c) for c in data["characteristics"])
        return cls(schema, chars, Scaling(**data["scaling"]))


def fit_scorecard(
    x: pd.DataFrame,
    y: np.ndarray[Any, Any],
    schema: Schema,
    directions: Mapping[str, int],
    params: ScorecardParams = ScorecardParams(),
) -> ScorecardModel:
    """Fit binning + logistic regression on `x` (a `model_frame`) and bad flags `y` (1 = bad).

    Features in `directions` get a monotonic bad rate in that direction; other numeric features
    may rise or fall ("auto_asc_desc"); categories are grouped freely.
    """
    from optbinning import BinningProcess, Scorecard
    from sklearn.linear_model import LogisticRegression

    names = list(schema.features)
    fit_params = {
        f: {"monotonic_trend": TREND.get(directions.get(f, 0), "auto_asc_desc")}
        for f in schema.numeric
    }
    process = BinningProcess(
        names,
        categorical_variables=sorted(schema.categorical),
        max_n_bins=params.max_n_bins,
        min_bin_size=params.min_bin_size,
        binning_fit_params=fit_params,
        selection_criteria={"iv": {"min": params.min_iv}} if params.min_iv > 0 else None,
    )
    s = params.scaling
    card = Scorecard(
        binning_process=process,
        estimator=LogisticRegression(C=params.c, max_iter=2000),
        scaling_method="pdo_odds",
        scaling_method_params={"pdo": s.pdo, "odds": s.base_odds, "scorecard_points": s.base_score},
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        card.fit(x[names], np.asarray(y), metric_missing="empirical", metric_special="empirical")
    return _extract(card, schema, s)


def _extract(card: Any, schema: Schema, scaling: Scaling) -> ScorecardModel:
    table = card.table(style="detailed")
    selected = list(card.binning_process_.get_support(names=True))
    n = len(selected)
    intercept = float(card.estimator_.intercept_[0])
    chars = []
    for name in selected:
        optb = card.binning_process_.get_binned_variable(name)
        rows = table[table["Variable"] == name]
        points = rows["Points"].to_numpy(dtype=float)
        counts = rows["Count"].to_numpy(dtype=float)
        categorical = optb.dtype == "categorical"
        groups = tuple(tuple(str(c) for c in g) for g in optb.splits) if categorical else ()
        splits = () if categorical else tuple(float(v) for v in optb.splits)
        n_bins = len(groups) if categorical else len(splits) + 1
        # Points of a zero weight of evidence: the population's average risk.
        neutral = (scaling.offset - intercept * scaling.factor) / n
        missing = points[-1] if counts[-1] > 0 else neutral
        seen = [points[j] for j in range(len(points)) if counts[j] > 0]
        chars.append(
            Characteristic(
                name=str(name),
                categorical=categorical,
                splits=splits,
                groups=groups,
                labels=tuple(" | ".join(g) for g in groups)
                if categorical
                else tuple(str(b) for b in rows["Bin"].iloc[:n_bins]),
                points=tuple(float(p) for p in points[:n_bins]),
                missing_points=float(missing),
                neutral_points=float(neutral),
                best_points=float(max(seen + [neutral])),
            )
        )
    return ScorecardModel(schema, tuple(chars), scaling)


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, float) and math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value
