"""Policy rules over one application (pure): which rules it hits, each with zh/en wording.

A ``RuleHit`` has a ``kind``:

* ``hard`` with scope ``applicant``: the applicant cannot be approved on any terms → decline
  (blacklist, fraud hits, identity mismatch, bureau limits, age, PD at or over the maximum);
* ``hard`` with scope ``request``: the terms asked for break a regulatory cap, the product or the
  age at maturity; they cannot be offered as asked, so the engine looks for terms that can (a
  counter-offer), and declines only when there are none;
* ``soft``: a human must look (manual review) → refer.

Regulatory caps come from the snapshot's effective-dated caps through
``products.rules.product_terms_check``; never from constants here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from autolend.decisioning.engine.inputs import DecisionInput
from autolend.decisioning.engine.messages import MESSAGES
from autolend.decisioning.engine.rules import PolicyRules
from autolend.products.rules import product_terms_check


@dataclass(frozen=True)
class RuleHit:
    code: str
    kind: str  # "hard" | "soft"
    scope: str  # "applicant" | "request"
    source: str  # "policy" | "fraud" | "bureau" | "model" | "regulation" | "product"
    field: str
    limit: str | None
    actual: str | None
    message_en: str
    message_zh: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def hit(code: str, kind: str, source: str, field: str, limit: Any = None, actual: Any = None,
        scope: str = "applicant") -> RuleHit:
    english, chinese = MESSAGES[code]
    values = {"limit": _text(limit), "actual": _text(actual)}
    return RuleHit(code, kind, scope, source, field, _text(limit) or None, _text(actual) or None,
                   english.format(**values), chinese.format(**values))


def applicant_rules(inp: DecisionInput, features: Mapping[str, Any], rules: PolicyRules) -> list[RuleHit]:
    """Hard and soft rules about the person, the car and the fraud signals (not the terms)."""
    hits: list[RuleHit] = []
    age = inp.applicant.age_on(inp.as_of)
    fraud = inp.fraud
    if age < rules.min_age:
        hits.append(hit("age_below_min", "hard", "policy", "resident_id", rules.min_age, age))
    for kind in fraud.blacklist:
        hits.append(hit(f"blacklist_{kind}", "hard", "fraud", kind))
    if inp.applicant.kyc_status == "failed":
        hits.append(hit("identity_mismatch", "hard", "fraud", "resident_id"))
    elif inp.applicant.kyc_status != "verified":
        hits.append(hit("identity_unverified", "soft", "fraud", "resident_id"))
    if fraud.vin_financed:
        hits.append(hit("vin_financed", "hard", "fraud", "vin"))
    _count(hits, "fraud_shared_mobile", "mobile", fraud.other_borrowers_same_mobile,
           rules.fraud_mobile_refer, rules.fraud_mobile_decline)
    _count(hits, "fraud_shared_device", "device_id", fraud.other_borrowers_same_device,
           rules.fraud_device_refer, rules.fraud_device_decline)
    _count(hits, "id_many_mobiles", "mobile", fraud.other_mobiles_same_id, rules.refer_other_mobiles_same_id)
    _count(hits, "velocity_id", "resident_id", fraud.applications_same_id_30d, rules.refer_applications_same_id_30d)
    _count(hits, "velocity_dealer", "dealer", fraud.applications_dealer_today, rules.refer_applications_dealer_day)
    gap = abs(inp.vehicle.price / inp.vehicle.valuation - 1) if inp.vehicle.valuation > 0 else Decimal(0)
    if gap > rules.refer_price_valuation_gap:
        hits.append(hit("price_far_from_valuation", "soft", "fraud", "price",
                        _pct(rules.refer_price_valuation_gap), _pct(gap)))
    hits.extend(_bureau_rules(inp, rules))
    employment = inp.applicant.employment_years
    if employment is not None and employment < rules.refer_min_employment_years:
        hits.append(hit("short_employment", "soft", "policy", "employment_years",
                        rules.refer_min_employment_years, employment))
    if inp.applicant.monthly_income is None or inp.applicant.monthly_income <= 0:
        hits.append(hit("income_missing", "soft", "policy", "monthly_income"))
    dti = features.get("product_dti")
    if dti is not None and Decimal(str(dti)) > rules.refer_dti:
        hits.append(hit("dti_high", "soft", "policy", "amount", _pct(rules.refer_dti), _pct(Decimal(str(dti)))))
    return hits


def model_rules(pd: float, grade: str, rules: PolicyRules) -> list[RuleHit]:
    """Decline at or over ``max_pd``; refer at or over ``refer_pd``."""
    value = Decimal(str(round(pd, 6)))
    if value >= rules.max_pd:
        return [hit("pd_over_max", "hard", "model", "", _pct(rules.max_pd), f"{_pct(value)} ({grade})")]
    if value >= rules.refer_pd:
        return [hit("pd_refer", "soft", "model", "", _pct(rules.refer_pd), f"{_pct(value)} ({grade})")]
    return []


def request_rules(inp: DecisionInput, rules: PolicyRules) -> list[RuleHit]:
    """The requested terms against the product, the caps in force and the age at maturity.

    The rate is not known yet (it depends on the PD): the product's minimum is used here, so
    only the term, down payment, LTV and vehicle category can break a rule; the APR of every
    offer is checked against the cap when it is priced.
    """
    req, vehicle, product = inp.request, inp.vehicle, inp.product
    hits: list[RuleHit] = []
    secured = vehicle.secured_value
    ltv = (req.amount / secured * 100).quantize(Decimal("0.01")) if secured > 0 else Decimal(100)
    down_pct = (req.down_payment / vehicle.price * 100).quantize(Decimal("0.01")) if product.purchase else \
        product.min_down_payment_pct
    for violation in product_terms_check(
        product.as_version(), term_months=req.term_months, annual_rate=product.rate_min,
        down_payment_pct=down_pct, ltv=ltv, vehicle_category=vehicle.category, on_date=inp.as_of, caps=inp.caps,
    ):
        hits.append(RuleHit(violation.code, "hard", "request", violation.rule, violation.field,
                            _text(violation.limit) or None, _text(violation.actual) or None,
                            violation.message_en, violation.message_zh))
    age_end = Decimal(inp.applicant.age_on(inp.as_of)) + Decimal(req.term_months) / 12
    if age_end > rules.max_age_at_maturity:
        hits.append(hit("age_at_maturity", "hard", "policy", "term_months", rules.max_age_at_maturity,
                        age_end.quantize(Decimal("0.1")), scope="request"))
    return hits


def _bureau_rules(inp: DecisionInput, rules: PolicyRules) -> list[RuleHit]:
    report = inp.bureau
    if report is None:
        return [hit("bureau_unavailable", "soft", "bureau", "")]
    hits = []
    if report.score is None:
        if rules.refer_thin_file:
            hits.append(hit("thin_file", "soft", "bureau", ""))
    elif report.score < rules.min_bureau_score:
        hits.append(hit("bureau_score_low", "hard", "bureau", "", rules.min_bureau_score, report.score))
    if report.delinquencies_24m > rules.max_delinquencies_24m:
        hits.append(hit("delinquencies_over_max", "hard", "bureau", "", rules.max_delinquencies_24m,
                        report.delinquencies_24m))
    elif report.delinquencies_24m >= rules.refer_delinquencies_24m:
        hits.append(hit("delinquencies_refer", "soft", "bureau", "", rules.refer_delinquencies_24m,
                        report.delinquencies_24m))
    if report.inquiries_6m >= rules.refer_inquiries_6m:
        hits.append(hit("inquiries_refer", "soft", "bureau", "", rules.refer_inquiries_6m, report.inquiries_6m))
    return hits


def _count(hits: list[RuleHit], code: str, field: str, value: int, refer: int, decline: int | None = None) -> None:
    if decline is not None and decline > 0 and value >= decline:
        hits.append(hit(f"{code}_decline", "hard", "fraud", field, decline, value))
    elif refer > 0 and value >= refer:
        hits.append(hit(code, "soft", "fraud", field, refer, value))


def _pct(fraction: Decimal) -> str:
    return f"{(fraction * 100).quantize(Decimal('0.1'))}%"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)
