"""PD calibration (PD校准) and grades A–E (风险等级).

A model's raw PD ranks applicants; calibration makes it a frequency: of applicants given 5%,
about 5 in 100 default. `fit_calibrator` learns the map on predictions the model did not train
on (a holdout, or out-of-fold predictions under cross-validation):

- "platt": logit(PD) = a · logit(raw) + b (two numbers; keeps the ranking exactly);
- "isotonic": a non-decreasing step map, linearly interpolated between its knots;
- "auto": isotonic with at least `ISOTONIC_MIN_BADS` bads, else Platt.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from autolend.risk.features import FloatArray

ISOTONIC_MIN_BADS = 1000
EPS = 1e-6
GRADES = ("A", "B", "C", "D", "E")
# Upper PD bounds of grades A–D (E is the rest); a convention, configurable per product.
DEFAULT_CUTOFFS: tuple[float, ...] = (0.02, 0.05, 0.10, 0.20)


@dataclass(frozen=True)
class Calibrator:
    """A monotone map from raw PD to calibrated PD."""

    method: str  # "platt" | "isotonic" | "identity"
    a: float = 1.0
    b: float = 0.0
    knots_x: tuple[float, ...] = ()
    knots_y: tuple[float, ...] = ()

    def apply(self, raw_pd: Any) -> FloatArray:
        """Calibrated PD (0..1) of raw PDs (0..1)."""
        p = np.clip(np.asarray(raw_pd, dtype=float), EPS, 1 - EPS)
        if self.method == "isotonic":
            out = np.interp(p, self.knots_x, self.knots_y)
        elif self.method == "platt":
            out = 1.0 / (1.0 + np.exp(-(self.a * _logit(p) + self.b)))
        else:
            out = p
        return np.asarray(np.clip(out, EPS, 1 - EPS), dtype=float)

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "a": self.a,
            "b": self.b,
            "knots_x": list(self.knots_x),
            "knots_y": list(self.knots_y),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Calibrator:
        return cls(
            method=str(data["method"]),
            a=float(data["a"]),
            b=float(data["b"]),
            knots_x=tuple(float(v) for v in data["knots_x"]),
            knots_y=tuple(float(v) for v in data["knots_y"]),
        )


def fit_calibrator(raw_pd: Any, y: Any, method: str = "auto") -> Calibrator:
    """Learn the calibration of `raw_pd` against outcomes `y` (1 = bad) not used in training."""
    p = np.clip(np.asarray(raw_pd, dtype=float), EPS, 1 - EPS)
    target = np.asarray(y, dtype=float)
    if method == "auto":
        method = "isotonic" if target.sum() >= ISOTONIC_MIN_BADS else "platt"
    if method == "platt":
        from sklearn.linear_model import LogisticRegression

        lr = LogisticRegression(C=1e6, max_iter=1000).fit(_logit(p).reshape(-1, 1), target)
        return Calibrator("platt", a=float(lr.coef_[0, 0]), b=float(lr.intercept_[0]))
    if method == "isotonic":
        from sklearn.isotonic import IsotonicRegression

        iso = IsotonicRegression(y_min=EPS, y_max=1 - EPS, out_of_bounds="clip").fit(p, target)
        return Calibrator(
            "isotonic",
            knots_x=tuple(float(v) for v in iso.X_thresholds_),
            knots_y=tuple(float(v) for v in iso.y_thresholds_),
        )
    if method == "identity":
        return Calibrator("identity")
    raise ValueError(f"unknown calibration method {method!r}: auto, platt, isotonic or identity")


def check_cutoffs(cutoffs: Sequence[float]) -> tuple[float, ...]:
    """Four strictly increasing PD bounds in (0, 1) for grades A–D; raises ValueError otherwise."""
    values = tuple(float(c) for c in cutoffs)
    if len(values) != len(GRADES) - 1:
        raise ValueError(f"need {len(GRADES) - 1} grade cut-offs, got {len(values)}")
    if not all(0 < a < b < 1 for a, b in zip(values, values[1:])) or not 0 < values[0] < 1:
        raise ValueError(f"grade cut-offs must rise strictly within (0, 1): {values}")
    return values


def grade(pd_: float, cutoffs: Sequence[float] = DEFAULT_CUTOFFS) -> str:
    """Grade of one PD: "A" below cutoffs[0], … "E" at or above cutoffs[-1]."""
    return GRADES[int(np.searchsorted(np.asarray(cutoffs, dtype=float), pd_, side="right"))]


def grades(pds: Any, cutoffs: Sequence[float] = DEFAULT_CUTOFFS) -> list[str]:
    """`grade` of each PD."""
    idx = np.searchsorted(
        np.asarray(cutoffs, dtype=float), np.asarray(pds, dtype=float), side="right"
    )
    return [GRADES[i] for i in idx]


def _logit(p: FloatArray) -> FloatArray:
    return np.asarray(np.log(p / (1.0 - p)), dtype=float)
