"""ML valuation (机器学习估值): LightGBM on log sale price, trained on the lender's own sales.

`train(records)` cross-validates (shuffled K-fold over the de-duplicated rows, seeded), keeps the
out-of-fold log residuals for the quote range, then fits the final model on every row.
`model.quote(vehicle, as_of)` returns value, low and high in the training currency (whole units):
value = exp(predicted log price), low/high = value × exp(residual quantile), by default the 10th
and 90th percentiles of the out-of-fold residuals (an 80 % range). The loss is Huber on log price
(robust to mistyped prices). Training is deterministic: fixed seeds, `deterministic=True`,
`num_threads` (2) threads. Metrics: MAPE on price (fraction, 0.15 = 15 %), R² on log price.

Measured on CarDekho (../shared/data, 6,929 rows after removing 1,198 exact duplicates and one
impossible odometer), 5-fold CV: MAPE ≈ 0.148, R² ≈ 0.930 (see bench/valuation.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import lightgbm as lgb
import numpy as np

from autolend.vehicles.valuation_data import SaleRecord, VehicleFacts
from autolend.vehicles.valuation_features import FeatureSpace, FloatArray, out_of_fold_levels

Progress = Callable[[str], None]
SMALL_BATCH = 2000  # rows predicted on one thread
MIN_ROWS = 20  # sales needed to fit (per training fold in cross-validation)


@dataclass(frozen=True)
class ValuationParams:
    """Model settings (LightGBM's names where they are LightGBM's)."""

    learning_rate: float = 0.03
    num_boost_round: int = 1000
    num_leaves: int = 15
    min_data_in_leaf: int = 20
    feature_fraction: float = 0.6
    bagging_fraction: float = 0.8
    bagging_freq: int = 1
    lambda_l2: float = 1.0
    huber_alpha: float = 0.2  # log-price units: residuals beyond ±0.2 count linearly
    cat_smooth: float = 10.0
    cat_l2: float = 10.0
    min_data_per_group: int = 5
    max_cat_threshold: int = 64
    seed: int = 7
    num_threads: int = 2
    level_smoothing: float = 2.0  # pseudo-rows shrinking a price level towards its parent
    level_folds: int = 5  # inner folds for out-of-fold price levels
    range_quantiles: tuple[float, float] = (0.1, 0.9)

    def __post_init__(self) -> None:
        lo, hi = self.range_quantiles
        if not 0 < lo < hi < 1:
            raise ValueError("range_quantiles must satisfy 0 < low < high < 1")
        if self.level_smoothing <= 0 or self.level_folds < 2:
            raise ValueError("level_smoothing must be positive and level_folds at least 2")
        if self.num_boost_round < 1 or self.num_threads < 1:
            raise ValueError("num_boost_round and num_threads must be at least 1")

    def lightgbm(self) -> dict[str, Any]:
        """The parameter dict passed to `lightgbm.train`."""
        return {
            "objective": "huber",
            "alpha": self.huber_alpha,
            "learning_rate": self.learning_rate,
            "num_leaves": self.num_leaves,
            "min_data_in_leaf": self.min_data_in_leaf,
            "feature_fraction": self.feature_fraction,
            "bagging_fraction": self.bagging_fraction,
            "bagging_freq": self.bagging_freq,
            "lambda_l2": self.lambda_l2,
            "cat_smooth": self.cat_smooth,
            "cat_l2": self.cat_l2,
            "min_data_per_group": self.min_data_per_group,
            "max_cat_threshold": self.max_cat_threshold,
            "seed": self.seed,
            "num_threads": self.num_threads,
            "deterministic": True,
            "force_col_wise": True,
            "verbose": -1,
        }

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "range_quantiles": list(self.range_quantiles)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ValuationParams:
        values = dict(data)
        values["range_quantiles"] = tuple(values["range_quantiles"])
        return cls(**values)


@dataclass(frozen=True)
class ValuationQuote:
    """A valuation: value and an (80 % by default) range, whole currency units, on `as_of`."""

    value: Decimal
    low: Decimal
    high: Decimal
    currency: str
    as_of: date

    def to_json(self) -> dict[str, str]:
        return {
            "value": str(self.value), "low": str(self.low), "high": str(self.high),
            "currency": self.currency, "as_of": self.as_of.isoformat(),
        }


@dataclass(frozen=True)
class CvResult:
    """Cross-validation: MAPE on price (fraction), R² on log price, rows, folds, OOF predictions."""

    mape: float
    r2: float
    n: int
    folds: int
    oof_log_price: FloatArray
    log_price: FloatArray


@dataclass(frozen=True)
class ValuationModel:
    """A trained valuation model. `residual_quantiles`: log-price offsets of the range ends."""

    booster: lgb.Booster
    space: FeatureSpace
    params: ValuationParams
    residual_quantiles: tuple[float, float]
    currency: str = "CNY"
    metrics: Mapping[str, Any] = field(default_factory=dict)
    data: Mapping[str, Any] = field(default_factory=dict)

    def predict_log_price(self, vehicles: Sequence[VehicleFacts], dates: Sequence[date]) -> FloatArray:
        """Predicted log price of each car on its date."""
        matrix = self.space.matrix(vehicles, dates)
        # one thread for small batches: OpenMP start-up costs more than it saves, and it spins
        threads = 1 if len(vehicles) < SMALL_BATCH else self.params.num_threads
        raw = self.booster.predict(matrix, num_threads=threads)
        return np.asarray(raw, dtype=np.float64)

    def quote_many(self, vehicles: Sequence[VehicleFacts], as_of: date) -> list[ValuationQuote]:
        """Quotes for many cars on one date (one vectorized prediction)."""
        log_price = self.predict_log_price(vehicles, [as_of] * len(vehicles))
        lo, hi = self.residual_quantiles
        return [
            ValuationQuote(
                value=_whole(np.exp(p)), low=_whole(np.exp(p + lo)), high=_whole(np.exp(p + hi)),
                currency=self.currency, as_of=as_of,
            )
            for p in log_price
        ]

    def quote(self, vehicle: VehicleFacts, as_of: date) -> ValuationQuote:
        """Value and range of one car on `as_of` (the business date)."""
        return self.quote_many([vehicle], as_of)[0]


def log_prices(records: Sequence[SaleRecord]) -> FloatArray:
    """Natural log of each sale price."""
    return np.log(np.array([float(r.sale_price) for r in records], dtype=np.float64))


def scores(log_price: FloatArray, predicted_log_price: FloatArray) -> tuple[float, float]:
    """(MAPE on price as a fraction, R² on log price)."""
    price, predicted = np.exp(log_price), np.exp(predicted_log_price)
    mape = float(np.mean(np.abs(predicted - price) / price))
    total = float(np.sum((log_price - log_price.mean()) ** 2))
    r2 = 1.0 - float(np.sum((log_price - predicted_log_price) ** 2)) / total if total > 0 else float("nan")
    return mape, r2


def fit(
    records: Sequence[SaleRecord], params: ValuationParams
) -> tuple[FeatureSpace, lgb.Booster]:
    """Fit the feature space and the booster on `records` (no validation); ≥ MIN_ROWS rows."""
    if len(records) < MIN_ROWS:
        raise ValueError(f"at least {MIN_ROWS} sales are needed to fit, got {len(records)}")
    vehicles, dates = [r.vehicle for r in records], [r.sale_date for r in records]
    y = log_prices(records)
    space = FeatureSpace.fit(vehicles, dates, y, params.level_smoothing)
    levels = out_of_fold_levels(
        space.raw_rows(vehicles, dates), y, params.level_smoothing, params.level_folds, params.seed
    )
    matrix = space.matrix(vehicles, dates, levels=levels)
    lgb_params = params.lightgbm()
    dataset = lgb.Dataset(
        matrix, y, feature_name=list(space.names), categorical_feature=space.categorical_indices,
        params=lgb_params, free_raw_data=True,
    )
    return space, lgb.train(lgb_params, dataset, num_boost_round=params.num_boost_round)


def cross_validate(
    records: Sequence[SaleRecord], params: ValuationParams | None = None, folds: int = 5,
    progress: Progress | None = None,
) -> CvResult:
    """Shuffled K-fold CV (seeded by `params.seed`): out-of-fold predictions and their scores."""
    params = params or ValuationParams()
    if not 2 <= folds <= len(records):
        raise ValueError(f"folds must be between 2 and the number of rows ({len(records)})")
    y = log_prices(records)
    oof = np.zeros(len(records))
    order = np.random.default_rng(params.seed).permutation(len(records))
    for k, held in enumerate(np.array_split(order, folds), start=1):
        train_idx = np.setdiff1d(order, held)
        space, booster = fit([records[i] for i in train_idx], params)
        model = ValuationModel(booster, space, params, (0.0, 0.0))
        held_records = [records[i] for i in held]
        oof[held] = model.predict_log_price(
            [r.vehicle for r in held_records], [r.sale_date for r in held_records]
        )
        if progress:
            progress(f"fold {k}/{folds} done")
    mape, r2 = scores(y, oof)
    return CvResult(mape=mape, r2=r2, n=len(records), folds=folds, oof_log_price=oof, log_price=y)


def train(
    records: Sequence[SaleRecord], params: ValuationParams | None = None, folds: int = 5,
    currency: str = "CNY", data: Mapping[str, Any] | None = None, progress: Progress | None = None,
) -> ValuationModel:
    """Cross-validate (for metrics and the quote range), then fit on every record.

    data: facts about the training data kept in the metadata (file hash, rows, format...).
    """
    params = params or ValuationParams()
    cv = cross_validate(records, params, folds, progress)
    residual = cv.log_price - cv.oof_log_price
    lo_q, hi_q = params.range_quantiles
    lo, hi = (float(q) for q in np.quantile(residual, [lo_q, hi_q]))
    if progress:
        progress(f"cv mape={cv.mape:.4f} r2={cv.r2:.4f}; fitting the final model on {len(records)} rows")
    space, booster = fit(records, params)
    metrics = {
        "cv_mape": round(cv.mape, 6), "cv_r2": round(cv.r2, 6), "n": cv.n, "folds": folds,
        "range_coverage": round(float(np.mean((residual >= lo) & (residual <= hi))), 6),
    }
    return ValuationModel(booster, space, params, (lo, hi), currency, metrics, dict(data or {}))


def evaluate(model: ValuationModel, records: Sequence[SaleRecord]) -> dict[str, Any]:
    """{"mape", "r2", "n"} of `model` on `records` (MAPE on price as a fraction, R² on log price)."""
    if not records:
        raise ValueError("no record to evaluate")
    predicted = model.predict_log_price([r.vehicle for r in records], [r.sale_date for r in records])
    mape, r2 = scores(log_prices(records), predicted)
    return {"mape": round(mape, 6), "r2": round(r2, 6), "n": len(records)}


def _whole(amount: float) -> Decimal:
    return Decimal(repr(float(amount))).quantize(Decimal(1), rounding=ROUND_HALF_UP)
