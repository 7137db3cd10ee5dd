"""The trained PD model the decision engine calls: estimator + calibration + grades + reasons."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from autolend.risk.calibration import DEFAULT_CUTOFFS, Calibrator, grades
from autolend.risk.explain import Reason, top_reasons
from autolend.risk.features import FloatArray, Schema, model_frame
from autolend.risk.gbm import GbmModel
from autolend.risk.scorecard import Scaling, ScorecardModel


@dataclass(frozen=True)
class Decision:
    """One applicant's model output: calibrated PD (0..1), score (points), grade, reasons."""

    pd: float
    score: float
    grade: str
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class TrainedModel:
    """A champion or challenger, ready to score applications given as a DataFrame of fields."""

    name: str
    estimator: ScorecardModel | GbmModel
    calibrator: Calibrator
    cutoffs: tuple[float, ...] = DEFAULT_CUTOFFS
    metrics: Mapping[str, Any] = field(default_factory=dict)
    data_hash: str = ""
    directions: Mapping[str, int] = field(default_factory=dict)
    scaling: Scaling = Scaling()

    @property
    def kind(self) -> str:
        return self.estimator.kind

    @property
    def schema(self) -> Schema:
        return self.estimator.schema

    def frame(self, data: pd.DataFrame) -> pd.DataFrame:
        """The model's columns of `data`, typed (raises RiskInputError for an absent column)."""
        return model_frame(data, self.schema)

    def raw_pd(self, data: pd.DataFrame) -> FloatArray:
        """The estimator's own PD, before calibration."""
        return self.estimator.predict_pd(self.frame(data))

    def predict_pd(self, data: pd.DataFrame) -> FloatArray:
        """Calibrated PD (0..1) of each row."""
        return self.calibrator.apply(self.raw_pd(data))

    def score(self, data: pd.DataFrame) -> FloatArray:
        """Score in points of the calibrated PD on the scorecard's scale (600 at 50:1, PDO 20)."""
        return self.scaling.score_from_pd(self.predict_pd(data))

    def grades(self, data: pd.DataFrame) -> list[str]:
        return grades(self.predict_pd(data), self.cutoffs)

    def impacts(
        self, data: pd.DataFrame
    ) -> tuple[FloatArray, np.ndarray[Any, Any], tuple[str, ...]]:
        """How much each feature hurt each row (≥ 0 hurts), which values were missing, feature names."""
        return self._impacts(self.frame(data))

    def reasons(self, data: pd.DataFrame, top: int = 4) -> list[list[Reason]]:
        """The `top` reasons that hurt each row, worst first."""
        impacts, missing, names = self._impacts(self.frame(data))
        return top_reasons(impacts, names, missing, top)

    def decide(self, data: pd.DataFrame, top: int = 4) -> list[Decision]:
        """PD, score, grade and the `top` reasons of each row."""
        x = self.frame(data)
        pds = self.calibrator.apply(self.estimator.predict_pd(x))
        scores = self.scaling.score_from_pd(pds)
        impacts, missing, names = self._impacts(x)
        return [
            Decision(float(p), round(float(s), 1), g, tuple(r))
            for p, s, g, r in zip(
                pds, scores, grades(pds, self.cutoffs), top_reasons(impacts, names, missing, top)
            )
        ]

    def _impacts(self, x: pd.DataFrame) -> tuple[FloatArray, np.ndarray[Any, Any], tuple[str, ...]]:
        est = self.estimator
        if isinstance(est, ScorecardModel):
            names = est.features
            return est.shortfall(x), x[list(names)].isna().to_numpy(), names
        return est.contributions(x), x.isna().to_numpy(), est.features
