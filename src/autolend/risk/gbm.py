"""Challenger model: a small, deterministic LightGBM with monotone constraints (梯度提升树).

Categorical features are coded as integers in the order of the categories seen in training
(unseen categories and missing values → NaN, which LightGBM routes as missing), so the booster's
text model plus the category lists in JSON are the whole model: no pickle.

Monotone constraints come from `directions` ({feature: +1 | -1}): +1 means the PD may only rise
with the feature. Training is reproducible: fixed seed, `deterministic=True`, two threads.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import lightgbm as lgb
import numpy as np
import pandas as pd

from autolend.risk.features import FloatArray, Schema


@dataclass(frozen=True)
class GbmParams:
    """Booster settings; `min_data_in_leaf` grows with the data (at least rows / `leaf_share`)."""

    rounds: int = 300
    learning_rate: float = 0.03
    num_leaves: int = 7
    min_data_in_leaf: int = 20
    leaf_share: int = 200
    feature_fraction: float = 0.8
    lambda_l2: float = 5.0
    cat_smooth: float = 20.0
    seed: int = 0
    num_threads: int = 2

    def lightgbm(self, rows: int, constraints: list[int]) -> dict[str, Any]:
        return {
            "objective": "binary",
            "learning_rate": self.learning_rate,
            "num_leaves": self.num_leaves,
            "min_data_in_leaf": max(self.min_data_in_leaf, rows // self.leaf_share),
            "feature_fraction": self.feature_fraction,
            "lambda_l2": self.lambda_l2,
            "cat_smooth": self.cat_smooth,
            "min_data_per_group": 50,
            "max_cat_threshold": 16,
            "monotone_constraints": constraints,
            "monotone_constraints_method": "intermediate",
            "seed": self.seed,
            "deterministic": True,
            "force_row_wise": True,
            "num_threads": self.num_threads,
            "verbosity": -1,
        }


@dataclass(frozen=True)
class GbmModel:
    """A fitted booster with the category codes it was trained on."""

    schema: Schema
    booster: lgb.Booster
    categories: Mapping[str, tuple[str, ...]]
    constraints: tuple[int, ...]
    params: GbmParams = field(default_factory=GbmParams)

    kind = "gbm"

    @property
    def features(self) -> tuple[str, ...]:
        return self.schema.features

    def encode(self, x: pd.DataFrame) -> FloatArray:
        return encode_frame(x, self.schema.features, self.categories)

    def _threads(self, rows: int) -> int:
        # Waking a second OpenMP thread costs more than it saves on a handful of rows.
        return self.params.num_threads if rows >= 1_000 else 1

    def predict_pd(self, x: pd.DataFrame) -> FloatArray:
        """Uncalibrated PD (0..1) of each row of `x` (a `model_frame`)."""
        return np.asarray(
            self.booster.predict(self.encode(x), num_threads=self._threads(len(x))), dtype=float
        )

    def contributions(self, x: pd.DataFrame) -> FloatArray:
        """Each feature's contribution to the log-odds of bad (TreeSHAP), shape (rows, features).

        Positive contributions push the PD up: they are what hurt the applicant.
        """
        raw = self.booster.predict(
            self.encode(x), pred_contrib=True, num_threads=self._threads(len(x))
        )
        return np.asarray(raw, dtype=float)[:, :-1]  # the last column is the expected value

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "categories": {k: list(v) for k, v in self.categories.items()},
            "constraints": list(self.constraints),
            "params": asdict(self.params),
        }

    def model_text(self) -> str:
        return str(self.booster.model_to_string())

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], schema: Schema, model_text: str) -> GbmModel:
        return cls(
            schema=schema,
            booster=lgb.Booster(model_str=model_text),
            categories={k: tuple(v) for k, v in data["categories"].items()},
            constraints=tuple(int(c) for c in data["constraints"]),
            params=GbmParams(**data["params"]),
        )


def encode_frame(
    x: pd.DataFrame, features: tuple[str, ...], categories: Mapping[str, tuple[str, ...]]
) -> FloatArray:
    """The float matrix LightGBM reads: numeric as is, categories as codes (unseen → NaN)."""
    columns = []
    for name in features:
        if name in categories:
            codes = {c: float(i) for i, c in enumerate(categories[name])}
            values = x[name].to_numpy()
            columns.append(
                np.fromiter((codes.get(v, np.nan) for v in values), dtype=float, count=len(values))
            )
        else:
            columns.append(x[name].to_numpy(dtype=float))
    return np.column_stack(columns)


def fit_gbm(
    x: pd.DataFrame,
    y: np.ndarray[Any, Any],
    schema: Schema,
    directions: Mapping[str, int],
    params: GbmParams = GbmParams(),
) -> GbmModel:
    """Train on `x` (a `model_frame`) and `y` (1 = bad); constrain the features in `directions`."""
    categories = {
        name: tuple(sorted(str(v) for v in x[name].dropna().unique()))
        for name in schema.features
        if name in schema.categorical
    }
    constraints = tuple(
        0 if name in schema.categorical else int(np.sign(directions.get(name, 0)))
        for name in schema.features
    )
    matrix = encode_frame(x, schema.features, categories)
    cat_index = [i for i, name in enumerate(schema.features) if name in categories]
    data = lgb.Dataset(
        matrix,
        label=np.asarray(y, dtype=float),
        feature_name=_booster_names(schema.features),
        categorical_feature=cat_index,
        params={"verbosity": -1, "seed": params.seed, "num_threads": params.num_threads},
        free_raw_data=True,
    )
    booster = lgb.train(
        params.lightgbm(len(x), list(constraints)), data, num_boost_round=params.rounds
    )
    return GbmModel(schema, booster, categories, constraints, params)


def _booster_names(features: tuple[str, ...]) -> list[str]:
    """Names LightGBM accepts (no JSON specials), unique; the schema keeps the real ones."""
    safe = ["".join(ch if ch.isalnum() or ch in "_-." else "_" for ch in name) for name in features]
    return (
        safe if len(set(safe)) == len(safe) and all(safe) else [f"f{i}" for i in range(len(safe))]
    )
