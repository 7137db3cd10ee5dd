"""Every applicant rule fires at its threshold (hard: decline; soft: refer) and not below it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from autolend.decisioning.engine.evaluate import evaluate
from autolend.decisioning.engine.inputs import FraudSignals
from autolend.integrations.bureau import BureauReport

HARD = [
    ("age_below_min", {"applicant": {"birth_date": __import__("datetime").date(2008, 1, 1)}}),
    ("blacklist_resident_id", {"fraud": FraudSignals(blacklist=("resident_id",))}),
    ("blacklist_mobile", {"fraud": FraudSignals(blacklist=("mobile",))}),
    ("blacklist_device", {"fraud": FraudSignals(blacklist=("device",))}),
    ("blacklist_vin", {"fraud": FraudSignals(blacklist=("vin",))}),
    ("identity_mismatch", {"applicant": {"kyc_status": "failed"}}),
    ("vin_financed", {"fraud": FraudSignals(vin_financed=True)}),
    ("fraud_shared_mobile_decline", {"fraud": FraudSignals(other_borrowers_same_mobile=3)}),
    ("fraud_shared_device_decline", {"fraud": FraudSignals(other_borrowers_same_device=3)}),
    ("bureau_score_low", {"bureau": BureauReport("t", "r", 449, 3, 1, 0, 0, Decimal(0))}),
    ("delinquencies_over_max", {"bureau": BureauReport("t", "r", 650, 3, 1, 6, 0, Decimal(0))}),
]
SOFT = [
    ("identity_unverified", {"applicant": {"kyc_status": "pending"}}),
    ("fraud_shared_mobile", {"fraud": FraudSignals(other_borrowers_same_mobile=1)}),
    ("fraud_shared_device", {"fraud": FraudSignals(other_borrowers_same_device=2)}),
    ("id_many_mobiles", {"fraud": FraudSignals(other_mobiles_same_id=2)}),
    ("velocity_id", {"fraud": FraudSignals(applications_same_id_30d=3)}),
    ("velocity_dealer", {"fraud": FraudSignals(applications_dealer_today=200)}),
    ("price_far_from_valuation", {"vehicle": {"valuation": Decimal("110000")}}),
    ("bureau_unavailable", {"bureau": None}),
    ("thin_file", {"bureau": BureauReport("t", "r", None, 0, 0, 0, 0, Decimal(0))}),
    ("delinquencies_refer", {"bureau": BureauReport("t", "r", 650, 3, 1, 3, 0, Decimal(0))}),
    ("inquiries_refer", {"bureau": BureauReport("t", "r", 650, 3, 1, 0, 6, Decimal(0))}),
    ("short_employment", {"applicant": {"employment_years": Decimal("0.4")}}),
    ("income_missing", {"applicant": {"monthly_income": None}}),
    ("dti_high", {"applicant": {"monthly_income": Decimal("9000")}}),
]
JUST_BELOW = [  # (rules that must not fire, input at the edge of their thresholds)
    (("age_below_min",), {"applicant": {"birth_date": __import__("datetime").date(2007, 3, 3)}}),  # 18 today
    (("fraud_shared_mobile", "fraud_shared_device", "id_many_mobiles", "velocity_id", "velocity_dealer"),
     {"fraud": FraudSignals(other_mobiles_same_id=1, applications_same_id_30d=2, applications_dealer_today=199)}),
    (("price_far_from_valuation",), {"vehicle": {"valuation": Decimal("116000")}}),  # price 29.3 % over
    (("bureau_score_low", "delinquencies_refer", "inquiries_refer"),
     {"bureau": BureauReport("t", "r", 450, 3, 1, 2, 5, Decimal(0))}),
    (("short_employment",), {"applicant": {"employment_years": Decimal("0.5")}}),
    (("dti_high",), {"applicant": {"monthly_income": Decimal("11000")}}),
]


def codes(out: Any) -> dict[str, tuple[str, str]]:
    return {h.code: (h.kind, h.scope) for h in out.rule_hits}


@pytest.mark.parametrize(("code", "change"), HARD, ids=[c for c, _ in HARD])
def test_a_hard_rule_declines(make: Any, model_with: Any, code: str, change: dict[str, Any]) -> None:
    out = evaluate(make(**change), model_with(0.03))
    assert codes(out)[code] == ("hard", "applicant")
    assert out.outcome == "decline" and out.offers == ()
    hit = next(h for h in out.rule_hits if h.code == code)
    assert hit.message_en and hit.message_zh


@pytest.mark.parametrize(("code", "change"), SOFT, ids=[c for c, _ in SOFT])
def test_a_soft_rule_refers(make: Any, model_with: Any, code: str, change: dict[str, Any]) -> None:
    out = evaluate(make(**change), model_with(0.03))
    assert codes(out)[code] == ("soft", "applicant")
    assert out.outcome == "refer"
    assert not any(h.kind == "hard" and h.scope == "applicant" for h in out.rule_hits)


@pytest.mark.parametrize(("quiet", "change"), JUST_BELOW, ids=[q[0] for q, _ in JUST_BELOW])
def test_at_the_edge_of_a_threshold_the_rule_does_not_fire(make: Any, model_with: Any, quiet: tuple[str, ...],
                                                           change: dict[str, Any]) -> None:
    found = codes(evaluate(make(**change), model_with(0.03)))
    assert not set(quiet) & set(found)


def test_a_clean_application_hits_nothing_and_is_approved(make: Any, model_with: Any) -> None:
    out = evaluate(make(), model_with(0.03))
    assert out.rule_hits == () and out.outcome == "approve" and out.offers[0].label == "requested"


def test_the_pd_limits_come_from_the_policy(make: Any, model_with: Any) -> None:
    assert codes(evaluate(make(), model_with(0.0999))) == {}
    assert codes(evaluate(make(), model_with(0.10, "D")))["pd_refer"] == ("soft", "applicant")
    assert codes(evaluate(make(), model_with(0.20, "E")))["pd_over_max"] == ("hard", "applicant")
    strict = make(policy={**make().policy, "max_pd": "0.05"})
    assert evaluate(strict, model_with(0.06, "C")).outcome == "decline"
