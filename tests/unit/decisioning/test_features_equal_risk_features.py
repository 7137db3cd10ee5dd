"""The engine's one-row ratios (``scoring.derived_ratios``) equal ``risk.features``' own
derivation (``application_features``, the code that made the training book), edge cases too."""

from __future__ import annotations

import math
import random
from typing import Any

import pytest

from autolend.decisioning.engine.scoring import derived_ratios
from autolend.risk.features import application_features

NAMES = ("instalment", "pti", "dti", "ltv", "age_at_maturity")


def rows() -> list[dict[str, Any]]:
    rng = random.Random(3)
    out = [{"loan_amount": rng.randrange(10_000, 400_000) + rng.random(), "annual_rate": rng.uniform(0, 24),
            "term_months": rng.choice([12, 24, 36, 48, 60]), "monthly_income": rng.choice([None, 0.0, rng.uniform(3e3, 9e4)]),
            "monthly_debt": rng.choice([None, 0.0, rng.uniform(0, 9e3)]), "vehicle_price": rng.uniform(2e4, 6e5),
            "vehicle_valuation": rng.uniform(1e4, 6e5), "applicant_age": rng.randint(18, 70)} for _ in range(60)]
    out.append({**out[0], "annual_rate": 0.0})  # P / n
    out.append({**out[0], "vehicle_price": 0.0})  # no secured value
    return out


@pytest.mark.parametrize("row", rows())
def test_same_as_risk_features(row: dict[str, Any]) -> None:
    expected = application_features(row)
    got = derived_ratios(row)
    for name in NAMES:
        want = expected.get(name)
        want = None if want is None or (isinstance(want, float) and math.isnan(want)) else round(float(want), 6)
        assert got[name] == want, name
