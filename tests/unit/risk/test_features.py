"""Derived features: the annuity against the kernel, DTI, PTI, LTV on the lower value, age at maturity."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from autolend.kernel.schedule import LoanTerms, build_schedule
from autolend.risk.features import annuity_payment, application_features, derive_features


def test_annuity_matches_the_domain_worked_example() -> None:
    # DOMAIN.md: 670,000 at 4.9% a year over 360 months → 3,555.87 a month.
    assert float(annuity_payment(670_000, 4.9, 360)) == pytest.approx(3555.87, abs=0.005)
    assert float(annuity_payment(12_000, 0.0, 12)) == pytest.approx(1000.0)


@pytest.mark.parametrize(
    ("principal", "rate", "months"), [(98_000, 8.5, 36), (150_000, 6.5, 60), (30_000, 15.99, 12)]
)
def test_annuity_agrees_with_the_kernel_schedule(principal: int, rate: float, months: int) -> None:
    schedule = build_schedule(
        LoanTerms(
            principal=Decimal(principal),
            annual_rate=Decimal(str(rate)),
            installments=months,
            disbursed=date(2025, 1, 15),
        )
    )
    first = schedule.installments[0]
    assert float(annuity_payment(principal, rate, months)) == pytest.approx(
        float(first.principal + first.interest), abs=0.01
    )


def test_ratios_use_income_debt_and_the_lower_of_price_and_valuation() -> None:
    raw = pd.DataFrame(
        {
            "monthly_income": [10_000.0, np.nan, 0.0],
            "monthly_debt": [1_000.0, 500.0, 0.0],
            "vehicle_price": [100_000.0, 100_000.0, 100_000.0],
            "vehicle_valuation": [80_000.0, np.nan, 120_000.0],
            "down_payment": [30_000.0, 30_000.0, 30_000.0],
            "annual_rate": [0.0, 0.0, 0.0],
            "term_months": [35, 35, 35],
            "applicant_age": [40, 58, 30],
        }
    )
    out = derive_features(raw)
    assert out["loan_amount"].tolist() == [70_000.0] * 3
    assert out["instalment"].iloc[0] == pytest.approx(2_000.0)
    assert out["pti"].iloc[0] == pytest.approx(0.2)
    assert out["dti"].iloc[0] == pytest.approx(0.3)
    assert np.isnan(out["dti"].iloc[1]) and np.isnan(out["pti"].iloc[2])  # no or zero income
    assert out["ltv"].tolist() == pytest.approx([70 / 80, 0.7, 0.7])  # valuation only when lower
    assert out["age_at_maturity"].iloc[1] == pytest.approx(58 + 35 / 12)
    assert "ltv" not in raw.columns  # the input is not changed


def test_one_application_as_a_mapping() -> None:
    fields = application_features(
        {
            "monthly_income": 12_000,
            "monthly_debt": 0,
            "vehicle_price": 200_000,
            "down_payment": 40_000,
            "annual_rate": 7.2,
            "term_months": 60,
            "applicant_age": 35,
            "bureau_score": None,
        }
    )
    assert fields["ltv"] == pytest.approx(0.8)
    assert fields["pti"] == pytest.approx(float(annuity_payment(160_000, 7.2, 60)) / 12_000)
    assert fields["bureau_score"] is None
