"""The synthetic book: deterministic per seed, fast, plausible, and its true PD is the documented one."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from autolend.risk import synthetic
from autolend.risk.features import derive_features


def test_same_seed_same_book_and_another_seed_another() -> None:
    a = synthetic.synthetic_book(2_000, seed=5)
    pd.testing.assert_frame_equal(a, synthetic.synthetic_book(2_000, seed=5))
    assert not a["bureau_score"].equals(synthetic.synthetic_book(2_000, seed=6)["bureau_score"])


def test_fifty_thousand_rows_in_under_two_seconds() -> None:
    start = time.perf_counter()
    book = synthetic.synthetic_book(50_000, seed=1)
    assert time.perf_counter() - start < 2.0
    assert len(book) == 50_000


def test_columns_missing_values_and_bad_rate(book: pd.DataFrame) -> None:
    assert set(synthetic.FEATURES) | {synthetic.TARGET, synthetic.TRUTH} <= set(book.columns)
    share = book.isna().mean()
    assert share["bureau_score"] == pytest.approx(0.08, abs=0.01)  # thin files
    assert share["employment_years"] == pytest.approx(0.05, abs=0.01)
    assert share["monthly_income"] == pytest.approx(0.03, abs=0.01)
    assert share["dti"] == share["monthly_income"]  # no income, no ratio
    assert 0.06 <= book["default"].mean() <= 0.10
    assert book["default"].mean() == pytest.approx(book["true_pd"].mean(), abs=0.005)


def test_regulatory_ltv_caps_and_used_car_terms_hold(book: pd.DataFrame) -> None:
    used = book["vehicle_condition"] == "used"
    nev = book["new_energy"] == 1
    assert book.loc[used, "ltv"].max() <= 0.70 + 1e-9
    assert book.loc[~used & ~nev, "ltv"].max() <= 0.80 + 1e-9
    assert book.loc[~used & nev, "ltv"].max() <= 0.85 + 1e-9
    assert book.loc[used, "term_months"].max() <= 36  # used-car loans: at most 3 years


def test_true_pd_is_the_documented_logistic_model(book: pd.DataFrame) -> None:
    complete = book.dropna(subset=["employment_years", "monthly_income"])
    expected = 1 / (1 + np.exp(-synthetic.true_logit(derive_features(complete))))
    np.testing.assert_allclose(complete["true_pd"].to_numpy(), expected, rtol=1e-9)


def test_riskier_applicants_default_more(book: pd.DataFrame) -> None:
    low, high = book["bureau_score"].quantile([0.2, 0.8])
    assert (
        book.loc[book["bureau_score"] <= low, "default"].mean()
        > 2 * book.loc[book["bureau_score"] >= high, "default"].mean()
    )
    assert book.loc[book["bureau_score"].isna(), "default"].mean() > book["default"].mean()


def test_rows_must_be_positive() -> None:
    with pytest.raises(ValueError):
        synthetic.synthetic_book(0)
