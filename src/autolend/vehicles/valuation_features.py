"""Feature matrix of the valuation model: category codes, numbers, and price-level encodings.

Features (each kept only when the training data has at least two distinct values of it):

- categories (LightGBM categorical codes): make, make+model, fuel, transmission, seller_type,
  body_type, region; a value not seen in training becomes missing;
- numbers: age at sale (years, from 1 July of the model year), mileage (km), km per year of age,
  engine (cc), power (kW), seats, owners, battery (kWh), year of sale;
- price levels (target encoding, 车型价位): the mean residual of log price after a linear fit on
  age and log mileage, per make, make+model and make+model+variant, each shrunk towards the
  level above it with `smoothing` pseudo-rows (hierarchical smoothing). A variant never seen falls
  back to its model's level, a model to its make's. Training rows get out-of-fold levels (inner
  K-fold) so that a row never sees its own price.

Everything fitted is plain data (`FeatureSpace.to_json`) so that a saved model reloads exactly.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from autolend.vehicles.valuation_data import VehicleFacts

FloatArray = npt.NDArray[np.float64]
CATEGORIES = ("make", "model", "fuel", "transmission", "seller_type", "body_type", "region")
NUMBERS = (
    "age_years", "mileage_km", "km_per_year", "engine_cc", "power_kw", "seats", "owners",
    "battery_kwh", "sale_year",
)
LEVELS = ("level_make", "level_model", "level_variant")


def text_key(value: str | None) -> str | None:
    """Comparable form of a text value: spacing collapsed, case folded; None for blank."""
    if value is None:
        return None
    key = " ".join(value.split()).casefold()
    return key or None


def age_years(model_year: int, on: date) -> float:
    """Years from 1 July of the model year to `on` (may be slightly negative for a new car)."""
    return (on - date(model_year, 7, 1)).days / 365.25


def _raw(vehicle: VehicleFacts, on: date) -> dict[str, Any]:
    age = age_years(vehicle.year, on)
    make = text_key(vehicle.make)
    model = f"{make}|{text_key(vehicle.model)}"
    return {
        "make": make,
        "model": model,
        "variant": f"{model}|{text_key(vehicle.variant) or ''}",
        "fuel": text_key(vehicle.fuel),
        "transmission": text_key(vehicle.transmission),
        "seller_type": text_key(vehicle.seller_type),
        "body_type": text_key(vehicle.body_type),
        "region": text_key(vehicle.region),
        "age_years": age,
        "mileage_km": vehicle.mileage_km,
        "km_per_year": vehicle.mileage_km / max(age, 0.5),
        "engine_cc": vehicle.engine_cc,
        "power_kw": vehicle.power_kw,
        "seats": vehicle.seats,
        "owners": vehicle.owners,
        "battery_kwh": vehicle.battery_kwh,
        "sale_year": float(on.year),
    }


@dataclass(frozen=True)
class PriceLevels:
    """Hierarchical target encoding: baseline (intercept, per year, per log1p km) and, per level
    (make, model, variant), key → (sum of residuals, count)."""

    baseline: tuple[float, float, float]
    tables: tuple[dict[str, tuple[float, int]], ...]
    smoothing: float

    @classmethod
    def fit(cls, rows: Sequence[dict[str, Any]], log_price: FloatArray, smoothing: float) -> PriceLevels:
        design = np.array([[1.0, r["age_years"], math.log1p(r["mileage_km"])] for r in rows])
        beta, *_ = np.linalg.lstsq(design, log_price, rcond=None)
        residual = log_price - design @ beta
        tables: list[dict[str, tuple[float, int]]] = []
        for level in ("make", "model", "variant"):
            sums: dict[str, float] = {}
            counts: Counter[str] = Counter()
            for row, res in zip(rows, residual, strict=True):
                sums[row[level]] = sums.get(row[level], 0.0) + float(res)
                counts[row[level]] += 1
            tables.append({key: (sums[key], counts[key]) for key in sums})
        return cls((float(beta[0]), float(beta[1]), float(beta[2])), tuple(tables), smoothing)

    def encode(self, rows: Sequence[dict[str, Any]]) -> FloatArray:
        """(n, 3) price levels of make, model, variant (log-price units)."""
        out = np.zeros((len(rows), len(LEVELS)))
        for i, row in enumerate(rows):
            prior = 0.0
            for j, (level, table) in enumerate(zip(("make", "model", "variant"), self.tables, strict=True)):
                total, count = table.get(row[level], (0.0, 0))
                prior = (total + self.smoothing * prior) / (count + self.smoothing)
                out[i, j] = prior
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "baseline": list(self.baseline),
            "smoothing": self.smoothing,
            "tables": [{k: [s, c] for k, (s, c) in sorted(t.items())} for t in self.tables],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PriceLevels:
        b = data["baseline"]
        tables = tuple({k: (float(s), int(c)) for k, (s, c) in t.items()} for t in data["tables"])
        return cls((float(b[0]), float(b[1]), float(b[2])), tables, float(data["smoothing"]))


@dataclass(frozen=True)
class FeatureSpace:
    """The fitted features: kept categories with their vocabularies, kept numbers, price levels."""

    categories: dict[str, list[str]]
    numbers: tuple[str, ...]
    levels: PriceLevels

    @property
    def names(self) -> tuple[str, ...]:
        return (*self.categories, *self.numbers, *LEVELS)

    @property
    def categorical_indices(self) -> list[int]:
        return list(range(len(self.categories)))

    @classmethod
    def fit(
        cls, vehicles: Sequence[VehicleFacts], dates: Sequence[date], log_price: FloatArray,
        smoothing: float,
    ) -> FeatureSpace:
        rows = [_raw(v, d) for v, d in zip(vehicles, dates, strict=True)]
        categories: dict[str, list[str]] = {}
        for name in CATEGORIES:
            counts = Counter(r[name] for r in rows if r[name] is not None)
            if len(counts) > 1:
                categories[name] = [k for k, _ in sorted(counts.items(), key=lambda kc: (-kc[1], kc[0]))]
        numbers = tuple(
            n for n in NUMBERS if len({r[n] for r in rows if r[n] is not None and not math.isnan(r[n])}) > 1
        )
        return cls(categories, numbers, PriceLevels.fit(rows, log_price, smoothing))

    def matrix(
        self, vehicles: Sequence[VehicleFacts], dates: Sequence[date], levels: FloatArray | None = None
    ) -> FloatArray:
        """(n, len(names)) float matrix; categories as codes, missing as NaN.

        levels: precomputed price levels (out-of-fold for training rows); default: this space's.
        """
        rows = [_raw(v, d) for v, d in zip(vehicles, dates, strict=True)]
        out = np.full((len(rows), len(self.names)), np.nan)
        for j, name in enumerate(self.categories):
            index = self._indices[name]
            for i, row in enumerate(rows):
                code = index.get(row[name]) if row[name] is not None else None
                if code is not None:
                    out[i, j] = code
        offset = len(self.categories)
        for j, name in enumerate(self.numbers, start=offset):
            out[:, j] = [np.nan if r[name] is None else r[name] for r in rows]
        out[:, offset + len(self.numbers) :] = self.levels.encode(rows) if levels is None else levels
        return out

    def raw_rows(self, vehicles: Sequence[VehicleFacts], dates: Sequence[date]) -> list[dict[str, Any]]:
        """The unencoded feature rows (for out-of-fold price levels)."""
        return [_raw(v, d) for v, d in zip(vehicles, dates, strict=True)]

    @cached_property
    def _indices(self) -> dict[str, dict[str, int]]:
        return {name: {key: code for code, key in enumerate(v)} for name, v in self.categories.items()}

    def to_json(self) -> dict[str, Any]:
        return {"categories": self.categories, "numbers": list(self.numbers), "levels": self.levels.to_json()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FeatureSpace:
        return cls(
            {k: list(v) for k, v in data["categories"].items()},
            tuple(data["numbers"]),
            PriceLevels.from_json(data["levels"]),
        )


def out_of_fold_levels(
    rows: Sequence[dict[str, Any]], log_price: FloatArray, smoothing: float, folds: int, seed: int
) -> FloatArray:
    """Price levels of training rows, each computed without the row's own fold (no leakage)."""
    order = np.random.default_rng(seed).permutation(len(rows))
    out = np.zeros((len(rows), len(LEVELS)))
    for held in np.array_split(order, folds):
        fit_idx = np.setdiff1d(order, held)
        levels = PriceLevels.fit([rows[i] for i in fit_idx], log_price[fit_idx], smoothing)
        out[held] = levels.encode([rows[i] for i in held])
    return out
