"""A synthetic auto-loan application book whose true PD is known (合成申请样本).

`synthetic_book(rows, seed)` draws applicants, vehicles and deals with a seeded numpy generator,
derives DTI/PTI/LTV with `features.derive_features`, and draws `default` (1 = bad within the
performance window) from the logistic model below. The same seed always gives the same book.

True model, on the *complete* data (before values are hidden):

    logit(PD) = intercept
              + bureau_score  · (score − 650)            (thin file, no score: + thin_file)
              + delinquencies · min(delinquencies_24m, 5)
              + inquiries     · min(inquiries_6m, 8)
              + dti           · (dti − 0.40)      + pti · (pti − 0.15)     + ltv · (ltv − 0.70)
              + employment    · min(employment_years, 10)
              + age           · (applicant_age − 35)  + young · [applicant_age < 25]
              + used · [used]  + new_energy · [new_energy]  + term · (term_months − 36)
              + REGION_EFFECTS[region]

with the coefficients in TRUE_COEFFICIENTS. dealer_id, monthly_income, vehicle_price and
annual_rate carry no effect of their own (income and price act through DTI, PTI and LTV).
Hidden after the draw: bureau_score for thin files (8%), employment_years (5%, at random),
monthly_income (3%, at random; DTI and PTI are then missing too).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from autolend.risk.features import derive_features

TRUE_COEFFICIENTS: Mapping[str, float] = {
    "intercept": -3.4,
    "bureau_score": -0.012,  # per point
    "thin_file": 0.9,
    "delinquencies": 0.35,  # per delinquency in 24 months
    "inquiries": 0.15,  # per inquiry in 6 months
    "dti": 2.5,  # per unit of DTI (1.0 = 100% of income)
    "pti": 3.0,
    "ltv": 2.0,
    "employment": -0.08,  # per year of tenure, up to 10
    "age": -0.015,  # per year
    "young": 0.5,
    "used": 0.3,
    "new_energy": 0.15,
    "term": 0.01,  # per month
}
REGION_EFFECTS: Mapping[str, float] = {
    "east": -0.2,
    "south": -0.1,
    "north": 0.0,
    "central": 0.1,
    "southwest": 0.15,
    "northwest": 0.25,
    "northeast": 0.3,
}
REGION_SHARES = (0.30, 0.20, 0.15, 0.12, 0.10, 0.06, 0.07)
DEALERS = 200
TARGET = "default"
TRUTH = "true_pd"
# Columns a model may learn from (annual_rate and instalment are pricing, not applicant risk).
FEATURES: tuple[str, ...] = (
    "applicant_age",
    "monthly_income",
    "employment_years",
    "bureau_score",
    "delinquencies_24m",
    "inquiries_6m",
    "monthly_debt",
    "vehicle_price",
    "vehicle_condition",
    "new_energy",
    "down_payment",
    "term_months",
    "loan_amount",
    "dti",
    "pti",
    "ltv",
    "age_at_maturity",
    "dealer_id",
    "region",
)
LTV_CAPS = {"new": 0.80, "new_energy": 0.85, "used": 0.70}  # PBoC/CBRC 2018 self-use caps


def synthetic_book(rows: int, seed: int = 0) -> pd.DataFrame:
    """`rows` applications with features, `true_pd` and a drawn `default` (0/1).

    Amounts in yuan, rates in percent a year, terms in months, ages and tenure in years.
    """
    if rows < 1:
        raise ValueError("rows must be at least 1")
    rng = np.random.default_rng(seed)
    applicants = _applicants(rng, rows)
    latent = derive_features(pd.DataFrame(applicants | _deals(rng, applicants["monthly_income"])))
    logit = true_logit(latent)
    pd_true = 1.0 / (1.0 + np.exp(-logit))
    observed = _hide(rng, latent)
    book = derive_features(
        observed.drop(columns=["dti", "pti", "ltv", "instalment", "age_at_maturity"])
    )
    book[TRUTH] = pd_true
    book[TARGET] = (rng.random(rows) < pd_true).astype(np.int8)
    return book


def true_logit(frame: pd.DataFrame) -> np.ndarray[Any, np.dtype[np.float64]]:
    """The true log-odds of default of each complete row (see the module docstring)."""
    c = TRUE_COEFFICIENTS
    score = frame["bureau_score"].to_numpy(dtype=float)
    thin = np.isnan(score)
    age = frame["applicant_age"].to_numpy(dtype=float)
    logit = (
        c["intercept"]
        + np.where(thin, c["thin_file"], c["bureau_score"] * (np.nan_to_num(score) - 650.0))
        + c["delinquencies"] * np.minimum(frame["delinquencies_24m"].to_numpy(dtype=float), 5)
        + c["inquiries"] * np.minimum(frame["inquiries_6m"].to_numpy(dtype=float), 8)
        + c["dti"] * (frame["dti"].to_numpy(dtype=float) - 0.40)
        + c["pti"] * (frame["pti"].to_numpy(dtype=float) - 0.15)
        + c["ltv"] * (frame["ltv"].to_numpy(dtype=float) - 0.70)
        + c["employment"] * np.minimum(frame["employment_years"].to_numpy(dtype=float), 10)
        + c["age"] * (age - 35.0)
        + c["young"] * (age < 25)
        + c["used"] * (frame["vehicle_condition"].to_numpy() == "used")
        + c["new_energy"] * frame["new_energy"].to_numpy(dtype=float)
        + c["term"] * (frame["term_months"].to_numpy(dtype=float) - 36.0)
        + frame["region"].map(REGION_EFFECTS).to_numpy(dtype=float)
    )
    return np.asarray(logit, dtype=float)


def _applicants(rng: np.random.Generator, n: int) -> dict[str, Any]:
    age = np.clip(np.round(rng.normal(36.0, 9.0, n)), 20, 65)
    income = np.round(np.exp(rng.normal(np.log(9000.0), 0.5, n)), -1)
    tenure = np.round(np.minimum(age - 18.0, rng.exponential(5.0, n)), 1)
    score = np.clip(np.round(rng.normal(660.0, 70.0, n)), 350, 900)
    thin = rng.random(n) < 0.08
    score = np.where(thin, np.nan, score)
    delinq_rate = np.where(thin, 0.25, np.exp(-1.2 - 0.008 * (np.nan_to_num(score) - 650.0)))
    has_debt = rng.random(n) < 0.6
    debt = np.where(has_debt, np.round(income * np.exp(rng.normal(np.log(0.15), 0.6, n)), -1), 0.0)
    dealer = rng.choice(DEALERS, size=n, p=_zipf(DEALERS))
    dealer_region = np.random.default_rng(7).choice(
        len(REGION_EFFECTS), size=DEALERS, p=REGION_SHARES
    )
    return {
        "applicant_age": age.astype(np.int64),
        "monthly_income": income,
        "employment_years": tenure,
        "bureau_score": score,
        "delinquencies_24m": rng.poisson(delinq_rate),
        "inquiries_6m": rng.poisson(np.where(thin, 0.6, 1.2), n),
        "monthly_debt": debt,
        "dealer_id": np.char.add("D", np.char.zfill((dealer + 1).astype(str), 3)),
        "region": np.asarray(list(REGION_EFFECTS))[dealer_region[dealer]],
    }


def _deals(rng: np.random.Generator, income: np.ndarray[Any, Any]) -> dict[str, Any]:
    n = len(income)
    used = rng.random(n) < 0.35
    new_energy = rng.random(n) < np.where(used, 0.10, 0.30)
    multiple = np.where(used, 0.5, 0.9) * np.exp(rng.normal(0.0, 0.35, n))  # price / annual income
    price = np.round(np.maximum(12.0 * income * multiple, 20_000.0), -2)
    valuation = np.where(used, np.round(price * np.exp(rng.normal(-0.02, 0.1, n)), -2), price)
    cap = np.where(
        used, LTV_CAPS["used"], np.where(new_energy, LTV_CAPS["new_energy"], LTV_CAPS["new"])
    )
    share = 0.10 + 0.6 * rng.beta(2.0, 5.0, n)
    down = np.maximum(
        np.round(price * share, -2),
        np.ceil((price - cap * np.minimum(price, valuation)) / 100) * 100,
    )
    term = np.where(
        used,
        rng.choice([12, 24, 36], size=n, p=[0.2, 0.35, 0.45]),
        rng.choice([12, 24, 36, 48, 60], size=n, p=[0.05, 0.15, 0.35, 0.2, 0.25]),
    )
    rate = np.round(np.where(used, rng.uniform(9.0, 16.0, n), rng.uniform(6.0, 12.0, n)), 2)
    return {
        "vehicle_price": price,
        "vehicle_valuation": valuation,
        "vehicle_condition": np.where(used, "used", "new"),
        "new_energy": new_energy.astype(np.int8),
        "down_payment": down,
        "loan_amount": price - down,
        "term_months": term.astype(np.int64),
        "annual_rate": rate,
    }


def _hide(rng: np.random.Generator, frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    n = len(out)
    out.loc[rng.random(n) < 0.05, "employment_years"] = np.nan
    out.loc[rng.random(n) < 0.03, "monthly_income"] = np.nan
    return out


def _zipf(n: int) -> np.ndarray[Any, np.dtype[np.float64]]:
    weights = 1.0 / np.arange(1, n + 1) ** 0.8
    return np.asarray(weights / weights.sum(), dtype=float)
