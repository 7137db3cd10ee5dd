"""Reason codes: the factors that hurt most, worded in zh-Hans and English."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from autolend.risk.explain import REASON_TEXTS, Reason, reason_text, top_reasons
from autolend.risk.model import TrainedModel


def _rank(reasons: list[Reason], feature: str) -> int:
    features = [r.feature for r in reasons]
    return features.index(feature) if feature in features else len(features)


@pytest.mark.parametrize("kind", ["scorecard", "gbm"])
def test_worsening_dti_moves_its_reason_up(
    synthetic_models: dict[str, TrainedModel], fresh: pd.DataFrame, kind: str
) -> None:
    model = synthetic_models[kind]
    applicants = fresh[(fresh["dti"] < 0.25) & (fresh["bureau_score"] >= 680)].head(30)
    before = model.reasons(applicants, top=19)
    worse = applicants.assign(dti=1.5)
    after = model.reasons(worse, top=19)
    moved = [_rank(a, "dti") < _rank(b, "dti") for a, b in zip(after, before)]
    assert all(moved)
    assert all(a[0].feature == "dti" for a in model.reasons(applicants.assign(dti=5.0), top=1))
    assert np.all(model.predict_pd(worse) > model.predict_pd(applicants))


@pytest.mark.parametrize("kind", ["scorecard", "gbm"])
def test_reasons_are_worded_in_both_languages(
    synthetic_models: dict[str, TrainedModel], fresh: pd.DataFrame, kind: str
) -> None:
    decision = synthetic_models[kind].decide(fresh.head(1).assign(dti=2.0))[0]
    assert 1 <= len(decision.reasons) <= 4
    first = decision.reasons[0]
    assert (first.code, first.zh, first.en) == (
        "R01",
        "负债收入比过高",
        "Debt-to-income ratio too high",
    )
    assert all(r.zh and r.en and r.code.startswith("R") and r.impact > 0 for r in decision.reasons)
    impacts = [r.impact for r in decision.reasons]
    assert impacts == sorted(impacts, reverse=True)


@pytest.mark.parametrize("kind", ["scorecard", "gbm"])
def test_thin_file_is_its_own_reason(
    synthetic_models: dict[str, TrainedModel], fresh: pd.DataFrame, kind: str
) -> None:
    thin = fresh[fresh["bureau_score"].isna() & (fresh["dti"] < 0.3)].head(10)
    codes = [{r.code for r in reasons} for reasons in synthetic_models[kind].reasons(thin)]
    assert sum("R91" in c for c in codes) >= 8


def test_unknown_features_get_the_generic_wording() -> None:
    text = reason_text("foreign_worker")
    assert (
        text.code == "R99"
        and text.zh == "「foreign worker」对评分不利"
        and text.en == "foreign worker lowered the score"
    )
    assert reason_text("dti") == REASON_TEXTS["dti"]
    assert reason_text("salary", missing=True).en == "salary not provided"


def test_top_reasons_skip_factors_that_did_not_hurt() -> None:
    rows = top_reasons(np.array([[0.0, 3.0, -1.0, 1.0]]), ["a", "dti", "b", "ltv"], top=4)
    assert [r.feature for r in rows[0]] == ["dti", "ltv"]
    assert [r.code for r in rows[0]] == ["R01", "R03"]
    assert len({t.code for t in REASON_TEXTS.values()}) == len(REASON_TEXTS)  # codes are unique
