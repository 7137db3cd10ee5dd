"""Decision-engine inputs built without a database: the demo catalogue and the regulatory caps
as their migrations define them, the policy as its v1 migration defines it, and a stub model
whose PD each test chooses (the real models are exercised by the integration tests)."""

from __future__ import annotations

import dataclasses
import importlib
from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from autolend.decisioning.engine.inputs import (
    Applicant,
    DecisionInput,
    FraudSignals,
    Product,
    Request,
    Vehicle,
)
from autolend.decisioning.engine.scoring import ModelScore
from autolend.integrations.bureau import BureauReport
from autolend.products.demo import DEMO_CATALOGUE
from autolend.products.kernel_settings import schedule_settings
from autolend.products.rules import CapInForce
from autolend.products.version_settings import settings_clean

AS_OF = date(2025, 3, 3)
CAPS = importlib.import_module("autolend.products.migrations.0002_regulatory_caps").CAPS
POLICY_V1 = importlib.import_module("autolend.decisioning.migrations.0003_policy_v1").RULES_V1


def caps_on(day: date) -> tuple[CapInForce, ...]:
    rows = (CapInForce(kind, scope, None if value is None else Decimal(value), None if policy is None else Decimal(policy),
                       start, end, "") for kind, scope, value, policy, start, end, _source in CAPS)
    return tuple(cap for cap in rows if cap.in_force(day))


def product(code: str = "NEWCAR", on: date = AS_OF) -> Product:
    for item_code, kind, *_names, versions in DEMO_CATALOGUE:
        if item_code != code:
            continue
        for number, (start, end, raw) in enumerate(versions, start=1):
            if start <= on and (end is None or on < end):
                s = settings_clean(raw)
                version = SimpleNamespace(**s)
                return Product(code, kind, number, "active", start, end, tuple(s["terms_months"]), s["rate_min"],
                               s["rate_max"], s["min_down_payment_pct"], s["ltv_caps"], tuple(s["fees"]),
                               s["balloon_max_pct"], schedule_settings(version))
    raise LookupError(code)


BUREAU = BureauReport("test", "CB-TEST", 700, 5, 2, 0, 1, Decimal("2000.00"))


def make_input(**changes: Any) -> DecisionInput:
    """The default application (new self-use car, 150,000 price, 105,000 over 36 months, income
    20,000, clean bureau file) with top-level or nested changes: ``applicant={"kyc_status": ...}``."""
    base = DecisionInput(
        as_of=AS_OF,
        applicant=Applicant(date(1985, 7, 15), "east", Decimal("20000"), Decimal("5"), "verified"),
        vehicle=Vehicle("new", False, "self_use", Decimal("150000"), Decimal("150000"), 2025, 0),
        request=Request(Decimal("105000"), Decimal("45000"), 36),
        product=product(),
        caps=caps_on(AS_OF),
        bureau=BUREAU,
        fraud=FraudSignals(),
        dealer_key=None,
        policy_version=1,
        policy=dict(POLICY_V1),
    )
    values: dict[str, Any] = {}
    for name, change in changes.items():
        current = getattr(base, name)
        values[name] = dataclasses.replace(current, **change) if isinstance(change, dict) and \
            dataclasses.is_dataclass(current) else change
    return dataclasses.replace(base, **values)


class StubModel:
    """A model with a fixed PD: lets a test put the applicant in any grade."""

    def __init__(self, pd: float = 0.03, grade: str = "B") -> None:
        self.pd, self.grade = pd, grade
        self.name, self.version = "stub", "1"

    def score(self, row: dict[str, Any], top: int = 4) -> ModelScore:
        return ModelScore("stub", "1", "scorecard", "0" * 64, self.pd, 600.0, self.grade,
                          ({"code": "R01", "feature": "dti", "zh": "负债收入比过高", "en": "Debt-to-income ratio too high",
                            "impact": 1.0},))


@pytest.fixture
def stub() -> StubModel:
    return StubModel()


@pytest.fixture
def make() -> Any:
    """``make(**changes)``: a DecisionInput (see ``make_input``)."""
    return make_input


@pytest.fixture
def product_of() -> Any:
    """``product_of(code, on)``: a demo product version as the engine reads it."""
    return product


@pytest.fixture
def caps_for() -> Any:
    """``caps_for(day)``: the regulatory caps in force on ``day``."""
    return caps_on


@pytest.fixture
def model_with() -> Any:
    """``model_with(pd, grade)``: a stub champion."""
    return StubModel
