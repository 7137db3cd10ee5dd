"""Request and response shapes of the applications API, and how a row becomes a response.

Amounts are accepted as JSON numbers or strings (yuan to the fen) and checked by the services,
so every error comes back in the caller's language naming its field; responses carry amounts
as decimal strings.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema

from autolend.origination.errors import localized
from autolend.origination.models import Application
from autolend.origination.selectors import application_detail

Number = str | int | float

# Service field name → its path in the request body (422 "loc").
FIELD_PATHS = {
    "vin": "vehicle.vin", "vehicle_make": "vehicle.make", "vehicle_model": "vehicle.model",
    "vehicle_year": "vehicle.year", "vehicle_condition": "vehicle.condition", "vehicle_use": "vehicle.use",
    "mileage_km": "vehicle.mileage_km", "new_price": "vehicle.new_price", "vehicle_price": "purchase.price",
    "down_payment": "purchase.down_payment", "amount": "purchase.amount", "term_months": "purchase.term_months",
    "product_code": "purchase.product_code", "monthly_income": "applicant.monthly_income",
    "employment_years": "applicant.employment_years", "mobile": "applicant.mobile",
}


class ApplicantIn(Schema):
    name: str = Field(..., examples=["张伟"])
    resident_id: str = Field(..., description="GB 11643-1999, 18 characters", examples=["11010519491231002X"])
    mobile: str = Field(..., examples=["13800138000"])
    monthly_income: Number | None = Field(None, description="yuan a month", examples=["18000"])
    employment_years: Number | None = Field(None, description="years with the current employer", examples=[4])
    employer: str = ""
    address: str = ""
    bank_card: str = Field("", description="where the loan is paid when there is no dealer")


class ConsentIn(Schema):
    text: str = Field(..., description="the credit-report authorization (征信授权书) the applicant agreed to; "
                                       "only its SHA-256 is kept")
    text_version: str = Field(..., examples=["2025.1"])


class VehicleIn(Schema):
    vin: str = Field(..., description="17 characters, check digit verified (ISO 3779 / GB 16735)",
                     examples=["LSVAU2187SN183294"])
    make: str = Field(..., examples=["大众"])
    model: str = Field(..., examples=["朗逸"])
    year: Number = Field(..., examples=[2025])
    condition: str = Field(..., description="new or used", examples=["new"])
    new_energy: bool = False
    use: str = Field("self_use", description="self_use or commercial")
    mileage_km: Number = 0
    new_price: Number | None = Field(None, description="used cars: the new price (指导价), for our valuation")


class PurchaseIn(Schema):
    product_code: str = Field(..., examples=["NEWCAR"])
    price: Number = Field(..., description="yuan", examples=["150000"])
    down_payment: Number = Field(0, description="yuan", examples=["45000"])
    amount: Number = Field(..., description="yuan, at most price − down payment", examples=["105000"])
    term_months: Number = Field(..., examples=[36])


class ApplicationIn(Schema):
    applicant: ApplicantIn
    consent: ConsentIn | None = None
    vehicle: VehicleIn
    purchase: PurchaseIn
    dealer_id: int | None = None
    device_id: str = Field("", description="the applicant's device fingerprint (anti-fraud)")
    external_reference: str = Field("", description="the partner's own id: the same one returns the same application")

    def fields(self) -> dict[str, Any]:
        v, p = self.vehicle, self.purchase
        return {
            "vin": v.vin, "vehicle_make": v.make, "vehicle_model": v.model, "vehicle_year": v.year,
            "vehicle_condition": v.condition, "new_energy": v.new_energy, "vehicle_use": v.use,
            "mileage_km": v.mileage_km, "new_price": v.new_price, "vehicle_price": p.price,
            "down_payment": p.down_payment, "amount": p.amount, "term_months": p.term_months,
            "device_id": self.device_id,
        }


class ReasonOut(Schema):
    code: str
    text: str


class DecisionOut(Schema):
    outcome: str
    grade: str
    pd: str
    counter_offer: bool
    reasons: list[ReasonOut]
    model_version: str
    policy_version: int
    decided_at: datetime


class OfferOut(Schema):
    id: int
    label: str
    term_months: int
    amount: str
    down_payment: str
    annual_rate: str
    method: str
    balloon: str
    instalment: str
    fee_upfront: str
    fee_per_installment: str
    total_interest: str
    total_fees: str
    total_cost: str
    total_repayment: str
    apr_simple: str
    apr_compound: str
    accepted: bool


class StipulationOut(Schema):
    id: int
    doc_type: str
    status: str


class ContractOut(Schema):
    number: str
    status: str
    sha256: str
    envelope_id: str
    signed_at: datetime | None
    loan_number: str


class ApplicationOut(Schema):
    id: int
    number: str
    status: str
    channel: str
    product_code: str
    amount: str
    term_months: int
    applied_on: date
    expires_on: date | None
    decision: DecisionOut | None
    offers: list[OfferOut]
    stipulations: list[StipulationOut]
    contract: ContractOut | None


class SignIn(Schema):
    code: str = Field(..., description="the one-time code the signer received", examples=["123456"])


class DocumentOut(Schema):
    id: int
    doc_type: str
    filename: str
    content_type: str
    size: int
    sha256: str
    stipulation_status: str | None


OFFER_FIELDS = ("amount", "down_payment", "annual_rate", "balloon", "instalment", "fee_upfront", "fee_per_installment",
                "total_interest", "total_fees", "total_cost", "total_repayment", "apr_simple", "apr_compound")


def _decimal(value: Any, places: int = 2) -> str:
    return f"{value:.{places}f}"


def applicant_reasons(decision: Any) -> list[dict[str, str]]:
    """What the applicant is told: the model's reason codes and, when declined, the rules that
    declined (fraud rules only as a generic policy reason: their details help fraudsters)."""
    reasons = [{"code": r["code"], "text": localized(r["en"], r["zh"])} for r in decision.reasons]
    if decision.outcome == "decline":
        for item in decision.rule_hits:
            if item["kind"] != "hard":
                continue
            if item["source"] == "fraud":
                generic = {"code": "P00", "text": localized("Our lending policy does not allow this application.",
                                                            "根据我方授信政策，该申请未获通过。")}
                if generic not in reasons:
                    reasons.append(generic)
            else:
                reasons.append({"code": item["code"], "text": localized(item["message_en"], item["message_zh"])})
    return reasons


def application_out(app: Application, *, just_decided: bool = False) -> dict[str, Any]:
    detail = application_detail(app, just_decided=just_decided)
    decision = detail.decision
    contract = detail.contract
    return {
        "id": app.pk, "number": app.number, "status": app.status, "channel": app.channel,
        "product_code": app.product_code, "amount": _decimal(app.amount), "term_months": app.term_months,
        "applied_on": app.applied_on, "expires_on": app.expires_on,
        "decision": None if decision is None else {
            "outcome": decision.outcome, "grade": decision.grade, "pd": f"{decision.pd:.4f}",
            "counter_offer": decision.counter_offer, "reasons": applicant_reasons(decision),
            "model_version": f"{decision.model_name} v{decision.model_version}",
            "policy_version": decision.policy_version, "decided_at": decision.created_at,
        },
        "offers": [
            {"id": o.pk, "label": o.label, "term_months": o.term_months, "method": o.method,
             "accepted": o.accepted_at is not None,
             **{name: _decimal(getattr(o, name)) for name in OFFER_FIELDS}}
            for o in detail.offers
        ],
        "stipulations": [{"id": s.pk, "doc_type": s.doc_type, "status": s.status} for s in detail.stipulations],
        "contract": None if contract is None else {
            "number": contract.number, "status": contract.status, "sha256": contract.sha256,
            "envelope_id": contract.envelope_id, "signed_at": contract.signed_at, "loan_number": contract.loan_number,
        },
    }
