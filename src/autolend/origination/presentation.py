"""A decision record as the back office explains it: labelled features, rule hits and reasons in
the reader's language, the pricing of each term, the champion and its shadow challenger."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from autolend.decisioning.models import DecisionRecord
from autolend.origination.errors import localized

FEATURE_LABELS = {
    "applicant_age": _("Age"), "age_at_maturity": _("Age at the end of the loan"),
    "monthly_income": _("Monthly income (yuan)"), "employment_years": _("Years with the current employer"),
    "bureau_score": _("Credit bureau score"), "delinquencies_24m": _("Late payments in 24 months"),
    "inquiries_6m": _("Credit inquiries in 6 months"), "monthly_debt": _("Existing monthly debt (yuan)"),
    "vehicle_price": _("Vehicle price (yuan)"), "vehicle_valuation": _("Our valuation (yuan)"),
    "vehicle_condition": _("New or used"), "new_energy": _("New-energy vehicle"),
    "down_payment": _("Down payment (yuan)"), "loan_amount": _("Amount requested (yuan)"),
    "term_months": _("Term (months)"), "annual_rate": _("Reference rate for PTI/DTI (%)"),
    "instalment": _("Instalment at the reference rate (yuan)"), "dti": _("Debt-to-income (DTI)"),
    "pti": _("Payment-to-income (PTI)"), "ltv": _("Loan-to-value (LTV)"), "dealer_id": _("Dealer"),
    "region": _("Region"),
}
RATIOS = frozenset({"dti", "pti", "ltv"})


def _value(name: str, value: Any) -> str:
    if value is None:
        return "—"
    if name in RATIOS:
        return f"{float(value) * 100:.1f}%"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


def decision_view(record: DecisionRecord) -> dict[str, Any]:
    result = record.result
    features = [{"name": name, "label": FEATURE_LABELS.get(name, name), "value": _value(name, value)}
                for name, value in result["features"].items()]
    hits = [{**hit, "message": localized(hit["message_en"], hit["message_zh"])} for hit in record.rule_hits]
    reasons = [{**r, "text": localized(r["en"], r["zh"])} for r in record.reasons]
    challenger = result.get("challenger")
    terms = [{"term": term, **price} for term, price in sorted(result["pricing"].get("terms", {}).items(),
                                                               key=lambda item: int(item[0]))]
    return {
        "record": record, "features": features, "hits": hits, "reasons": reasons, "terms": terms,
        "limits": result["pricing"].get("limits", {}), "challenger": challenger,
        "challenger_reasons": [localized(r["en"], r["zh"]) for r in (challenger or {}).get("reasons", [])],
        "pd_percent": f"{float(record.pd) * 100:.2f}%",
        "bureau_note": record.input_snapshot.get("extra", {}).get("bureau_note", ""),
        "valuation_source": record.input_snapshot.get("extra", {}).get("valuation_source", ""),
    }
