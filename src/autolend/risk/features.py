"""Application features and the column schema of a labelled data set.

Two jobs, both pure:

- `derive_features`: the ratios underwriters read (负债收入比 DTI, 月供收入比 PTI, 贷款价值比 LTV, age
  at maturity) from raw application fields. Amounts in yuan, rates in percent a year, terms in months.
- `detect_schema` / `target_vector`: which columns of ANY labelled table are numeric, which
  categorical, which are dropped (constant, identifiers, empty), and which target value is bad.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from autolend.risk.errors import RiskInputError

FloatArray = np.ndarray[Any, np.dtype[np.float64]]

# Known direction of risk: +1 = a larger value means a higher PD, -1 = a lower PD. Used for the
# scorecard's monotonic bins and the GBM's monotone constraints; a caller may pass its own.
MONOTONE_DIRECTIONS: Mapping[str, int] = {
    "dti": 1,
    "pti": 1,
    "ltv": 1,
    "bureau_score": -1,
    "delinquencies_24m": 1,
    "inquiries_6m": 1,
    "employment_years": -1,
}

# A string column counts as numeric when this share of its non-missing values parse as numbers.
NUMERIC_SHARE = 0.98
# A categorical column with more distinct values than this share of rows (and > 20) is an identifier.
IDENTIFIER_SHARE = 0.5
GOOD_BAD_WORDS = frozenset({"good", "bad"})  # read without being told, any case


def annuity_payment(principal: Any, annual_rate: Any, term_months: Any) -> FloatArray:
    """等额本息 instalment in yuan a month: A = P·r·(1+r)^n / ((1+r)^n − 1), r = annual/12/100.

    Vectorised over arrays; a zero rate gives P/n. The kernel's `build_schedule` is exact to the
    fen; this closed form is for features, where a float is enough.
    """
    p = np.asarray(principal, dtype=float)
    r = np.asarray(annual_rate, dtype=float) / 1200.0
    n = np.asarray(term_months, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        growth = np.power(1.0 + r, n)
        level = np.where(r > 0, p * r * growth / (growth - 1.0), p / n)
    return np.asarray(level, dtype=float)


def derive_features(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` with the derived columns added where their inputs are present.

    Inputs (yuan unless said): monthly_income, monthly_debt (existing debt service), vehicle_price,
    vehicle_valuation (optional; the lower of price and valuation secures the loan), down_payment,
    loan_amount (else price − down payment), annual_rate (percent), term_months, applicant_age
    (years). Outputs: loan_amount, instalment (yuan/month), dti and pti (fractions of monthly
    income, NaN when income is missing or not positive), ltv (fraction), age_at_maturity (years).
    """
    out = frame.copy()
    cols = set(out.columns)

    def col(name: str) -> FloatArray:
        return np.asarray(pd.to_numeric(out[name], errors="coerce"), dtype=float)

    if "loan_amount" not in cols and {"vehicle_price", "down_payment"} <= cols:
        out["loan_amount"] = col("vehicle_price") - col("down_payment")
    cols = set(out.columns)
    if {"loan_amount", "annual_rate", "term_months"} <= cols:
        out["instalment"] = annuity_payment(
            col("loan_amount"), col("annual_rate"), col("term_months")
        )
    if "monthly_income" in cols:
        income = col("monthly_income")
        income = np.where(income > 0, income, np.nan)
        if "instalment" in out.columns:
            out["pti"] = col("instalment") / income
            if "monthly_debt" in cols:
                out["dti"] = (np.nan_to_num(col("monthly_debt")) + col("instalment")) / income
    if {"loan_amount", "vehicle_price"} <= cols:
        price = col("vehicle_price")
        valuation = col("vehicle_valuation") if "vehicle_valuation" in cols else price
        secured = np.fmin(price, valuation)  # fmin: a missing valuation falls back to the price
        out["ltv"] = col("loan_amount") / np.where(secured > 0, secured, np.nan)
    if {"applicant_age", "term_months"} <= cols:
        out["age_at_maturity"] = col("applicant_age") + col("term_months") / 12.0
    return out


def application_features(fields: Mapping[str, object]) -> dict[str, object]:
    """`derive_features` for one application given as a mapping; returns all fields, derived too."""
    row = derive_features(pd.DataFrame([dict(fields)])).iloc[0]
    return {k: (None if _is_missing(v) else v) for k, v in row.items()}


@dataclass(frozen=True)
class Schema:
    """Columns a model reads, in the table's order, and how the target is read."""

    target: str
    bad_values: tuple[str, ...]
    features: tuple[str, ...]
    categorical: frozenset[str] = field(default_factory=frozenset)
    dropped: tuple[tuple[str, str], ...] = ()  # (column, why)

    @property
    def numeric(self) -> tuple[str, ...]:
        return tuple(f for f in self.features if f not in self.categorical)

    def to_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "bad_values": list(self.bad_values),
            "features": list(self.features),
            "categorical": [f for f in self.features if f in self.categorical],
            "dropped": [list(d) for d in self.dropped],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Schema:
        return cls(
            target=str(data["target"]),
            bad_values=tuple(data["bad_values"]),
            features=tuple(data["features"]),
            categorical=frozenset(data["categorical"]),
            dropped=tuple((str(a), str(b)) for a, b in data.get("dropped", [])),
        )


def detect_schema(
    frame: pd.DataFrame,
    target: str,
    bad_value: str | None = None,
    exclude: Iterable[str] = (),
    categorical: Iterable[str] = (),
) -> Schema:
    """Classify every column but `target` and `exclude` as numeric, categorical or dropped.

    Numeric: a numeric dtype, or text whose values nearly all (`NUMERIC_SHARE`) parse as numbers.
    Dropped: entirely missing, a single value, an identifier (a categorical with a distinct value
    in most rows, or integers that are all distinct and increasing). Columns in `categorical` are
    categorical whatever they hold (codes written as numbers). `bad_value` as in
    `resolve_bad_values`. Raises RiskInputError naming the column or option at fault.
    """
    if target not in frame.columns:
        raise RiskInputError(
            "target", f"column {target!r} not found; columns: {_names(frame.columns)}"
        )
    excluded, forced = set(exclude), set(categorical)
    for option, names in (("exclude", excluded), ("categorical", forced)):
        unknown = sorted(names - set(frame.columns))
        if unknown:
            raise RiskInputError(option, f"no such column(s): {', '.join(unknown)}")
    bad_values = resolve_bad_values(frame[target], bad_value)
    features: list[str] = []
    categories: set[str] = set()
    dropped: list[tuple[str, str]] = []
    for name in frame.columns:
        if name == target or name in excluded:
            continue
        kind = _column_kind(frame[name])
        if name in forced and kind == "numeric":
            kind = "categorical"
        if kind in ("numeric", "categorical"):
            features.append(str(name))
            if kind == "categorical":
                categories.add(str(name))
        else:
            dropped.append((str(name), kind))
    if not features:
        raise RiskInputError("data", "no usable feature columns besides the target")
    return Schema(target, bad_values, tuple(features), frozenset(categories), tuple(dropped))


def _column_kind(series: pd.Series) -> str:
    values = series.dropna()
    if values.empty:
        return "all missing"
    if pd.api.types.is_bool_dtype(values) or pd.api.types.is_numeric_dtype(values):
        numbers = pd.to_numeric(values)
    else:
        text = values.astype(str).str.strip()
        parsed = pd.to_numeric(text, errors="coerce")
        if parsed.notna().mean() >= NUMERIC_SHARE and parsed.nunique() > 2:
            numbers = parsed.dropna()
        else:
            distinct = text.nunique()
            if distinct == 1:
                return "constant"
            if distinct > 20 and distinct > IDENTIFIER_SHARE * len(values):
                return "identifier"
            return "categorical"
    if numbers.nunique() == 1:
        return "constant"
    if (
        pd.api.types.is_integer_dtype(numbers)
        and numbers.is_unique
        and numbers.is_monotonic_increasing
    ):
        return "identifier" if len(numbers) > 20 else "numeric"
    return "numeric"


def resolve_bad_values(target: pd.Series, bad_value: str | None) -> tuple[str, ...]:
    """Which target labels mean bad (default). `bad_value` may list several, comma-separated.

    Without `bad_value`, a 0/1 target reads 1 as bad and a good/bad target (any case) reads bad.
    """
    if target.isna().any():
        raise RiskInputError("target", f"{int(target.isna().sum())} rows have no target value")
    labels = sorted(set(_labels(target)))
    if len(labels) < 2:
        raise RiskInputError("target", f"needs two classes, found only {labels or 'none'}")
    if bad_value is not None:
        wanted = tuple(v.strip() for v in str(bad_value).split(",") if v.strip())
        missing = [v for v in wanted if v not in labels]
        if not wanted or missing:
            raise RiskInputError(
                "bad_value", f"{bad_value!r} is not a target value; values: {_names(labels)}"
            )
        if len(wanted) == len(labels):
            raise RiskInputError("bad_value", "every target value is marked bad")
        return wanted
    if labels == ["0", "1"]:
        return ("1",)
    lowered = {label.lower(): label for label in labels}
    if len(labels) == 2 and set(lowered) == GOOD_BAD_WORDS:
        return (lowered["bad"],)
    raise RiskInputError("bad_value", f"say which target value is bad; values: {_names(labels)}")


def target_vector(
    target: pd.Series, bad_values: Sequence[str]
) -> np.ndarray[Any, np.dtype[np.int8]]:
    """1 where the label is one of `bad_values`, else 0."""
    return np.isin(np.asarray(_labels(target), dtype=object), list(bad_values)).astype(np.int8)


def model_frame(frame: pd.DataFrame, schema: Schema) -> pd.DataFrame:
    """The feature columns of `frame` in the schema's order: numeric as float64 (unparsable → NaN),
    categorical as stripped text (object) with NaN for missing. Raises when a column is absent."""
    absent = [f for f in schema.features if f not in frame.columns]
    if absent:
        raise RiskInputError(absent[0], f"column missing from the input ({len(absent)} missing)")
    data = {
        name: _text(frame[name]) if name in schema.categorical else _numbers(frame[name])
        for name in schema.features
    }
    return pd.DataFrame(data, index=frame.index, copy=False)


def _numbers(series: pd.Series) -> FloatArray:
    if not (pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series)):
        series = pd.to_numeric(series, errors="coerce")
    return np.asarray(series.to_numpy(dtype=float, na_value=np.nan), dtype=float)


def _text(series: pd.Series) -> np.ndarray[Any, np.dtype[np.object_]]:
    values = series.to_numpy(dtype=object)
    missing = pd.isna(values)
    out = np.full(len(values), np.nan, dtype=object)
    out[~missing] = [str(v).strip() for v in values[~missing]]
    return out


def _labels(series: pd.Series) -> list[str]:
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        return [str(int(v)) if float(v).is_integer() else str(v) for v in series]
    return [str(v).strip() for v in series]


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value))


def _names(values: Iterable[object], limit: int = 12) -> str:
    items = [str(v) for v in values]
    more = f", … ({len(items) - limit} more)" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more
