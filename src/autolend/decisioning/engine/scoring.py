"""The model side of a decision: the features of one application and its PD from a model version.

``application_row`` derives the ratios as ``risk.features.derive_features`` does (the code that
made the training book, so the model sees its own definitions; ``derived_ratios`` is its
one-row form): PTI and DTI on the
requested amount and term at the product's **maximum** rate (the price depends on the PD, which
is not known yet, so the conservative rate is used), LTV against the lower of price and
valuation, age and age at maturity. ``VersionedModel`` is a registry model with its version: its
``score`` gives the calibrated PD (rounded to 6 places, so thresholds and JSON are stable), the
score in points, the grade and the reason codes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from autolend.decisioning.engine.fastscore import fast_decide
from autolend.decisioning.engine.inputs import DecisionInput
from autolend.risk.features import annuity_payment
from autolend.risk.model import TrainedModel


def application_row(inp: DecisionInput) -> dict[str, Any]:
    """Every feature of the application, raw and derived (None when unknown); JSON-ready."""
    a, v, r, b = inp.applicant, inp.vehicle, inp.request, inp.bureau
    fields: dict[str, Any] = {
        "applicant_age": inp.applicant.age_on(inp.as_of),
        "monthly_income": _num(a.monthly_income),
        "employment_years": _num(a.employment_years),
        "bureau_score": None if b is None or b.score is None else b.score,
        "delinquencies_24m": None if b is None else b.delinquencies_24m,
        "inquiries_6m": None if b is None else b.inquiries_6m,
        "monthly_debt": None if b is None else float(b.monthly_debt),
        "vehicle_price": float(v.price),
        "vehicle_valuation": float(v.valuation),
        "vehicle_condition": v.condition,
        "new_energy": int(v.new_energy),
        "down_payment": float(r.down_payment),
        "term_months": r.term_months,
        "loan_amount": float(r.amount),
        "annual_rate": float(inp.product.rate_max),
        "dealer_id": inp.dealer_key,
        "region": a.region,
    }
    return {**fields, **derived_ratios(fields)}


def derived_ratios(fields: dict[str, Any]) -> dict[str, float | None]:
    """``risk.features.derive_features`` for one application, without building a DataFrame: the
    same numpy operations on one-element arrays (a test keeps the two equal). Instalment by
    ``risk.features.annuity_payment``; PTI and DTI None without a positive income."""
    def value(name: str) -> np.ndarray[Any, Any]:
        raw = fields.get(name)
        return np.asarray([math.nan if raw is None else float(raw)], dtype=float)

    instalment = annuity_payment(value("loan_amount"), value("annual_rate"), value("term_months"))
    income = value("monthly_income")
    income = np.where(income > 0, income, np.nan)
    secured = np.fmin(value("vehicle_price"), value("vehicle_valuation"))
    with np.errstate(divide="ignore", invalid="ignore"):
        derived = {
            "instalment": instalment,
            "pti": instalment / income,
            "dti": (np.nan_to_num(value("monthly_debt")) + instalment) / income,
            "ltv": value("loan_amount") / np.where(secured > 0, secured, np.nan),
            "age_at_maturity": value("applicant_age") + value("term_months") / 12.0,
        }
    return {name: None if math.isnan(float(v[0])) else round(float(v[0]), 6) for name, v in derived.items()}


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


@dataclass(frozen=True)
class ModelScore:
    name: str
    version: str
    kind: str
    data_hash: str
    pd: float  # calibrated probability of default, 0..1
    score: float  # points (600 at 50:1, 20 to double the odds)
    grade: str  # A–E
    reasons: tuple[dict[str, Any], ...]  # {"code", "feature", "zh", "en", "impact"}, worst first

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version, "kind": self.kind, "data_hash": self.data_hash,
                "pd": self.pd, "score": self.score, "grade": self.grade, "reasons": list(self.reasons)}


@dataclass(frozen=True)
class VersionedModel:
    """A trained model and the registry version it was loaded from."""

    model: TrainedModel
    version: str

    @property
    def name(self) -> str:
        return self.model.name

    def score(self, row: dict[str, Any], top: int = 4) -> ModelScore:
        decision = fast_decide(self.model, row, top)
        pd_ = round(float(decision.pd), 6)
        return ModelScore(
            self.model.name, self.version, self.model.kind, self.model.data_hash, pd_,
            round(float(decision.score), 1), decision.grade, tuple(r.to_dict() for r in decision.reasons),
        )
