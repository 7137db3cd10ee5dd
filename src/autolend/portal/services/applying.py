"""Applying in steps (分步申请): identity, income, vehicle, purchase.

Each step is checked on the server with the same rules the intake applies (``parties.kyc`` and
``origination.validation``), so a step shows its own fields' messages at once; the last step
hands everything to ``origination.services.application_intake`` (borrower web channel), which
checks it all again, registers or finds the borrower, records the consent and decides.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from autolend.origination.errors import OriginationError
from autolend.origination.models import Application, ApplicationChannel
from autolend.origination.services import application_intake
from autolend.origination.validation import application_fields_check
from autolend.parties.errors import FieldIssue, kyc_issue
from autolend.parties.kyc import bank_card_check, name_check, resident_id_check

STEPS: dict[str, tuple[str, ...]] = {
    "identity": ("name", "resident_id", "bank_card", "consent"),
    "income": ("monthly_income", "employer", "employment_years"),
    "vehicle": ("vin", "vehicle_make", "vehicle_model", "vehicle_year", "vehicle_condition", "new_price",
                "mileage_km", "vehicle_price"),
    "purchase": ("down_payment", "amount", "term_months"),
}
STEP_TITLES = {"identity": _("Identity"), "income": _("Income and employer"), "vehicle": _("Vehicle"),
               "purchase": _("Purchase")}
CONSENT_VERSION = "portal-2025.1"
CONSENT_TEXT = _("I authorise the lender to query my personal credit report at the credit reference "
                 "centre to assess this application and manage the loan.")
PRODUCT_FOR = {"new": "NEWCAR", "used": "USEDCAR"}
BANK_CARD_NEEDED = FieldIssue("bank_card", "bank_card_required", "Enter your bank card number: the loan is paid to it "
                              "and repayments are collected from it.", "请输入银行卡号：贷款发放至该卡，还款从该卡扣收。")
CONSENT_NEEDED = FieldIssue("consent", "consent_required", "Agree to the credit report authorization to apply.",
                            "申请须同意征信查询授权。")


def step_of(field: str) -> str:
    """The step a field (as the intake names it, e.g. ``applicant.name``) belongs to."""
    name = field.split(".")[-1]
    if field.startswith("consent"):
        return "identity"
    for step, fields in STEPS.items():
        if name in fields:
            return step
    return "purchase"


def step_issues(step: str, data: Mapping[str, Any], as_of: date) -> list[FieldIssue]:
    """The problems of ``step``'s fields in ``data`` (every step's answers so far)."""
    if step == "identity":
        found = [kyc_issue(f, e) for f, check in (("name", name_check), ("resident_id", resident_id_check))
                 for e in check(str(data.get(f) or "")).errors]
        card = str(data.get("bank_card") or "").strip()
        found += [kyc_issue("bank_card", e) for e in bank_card_check(card).errors] if card else [BANK_CARD_NEEDED]
        return found + ([] if data.get("consent") else [CONSENT_NEEDED])
    merged = {**data}
    if step == "vehicle":  # the purchase is not asked yet: check the car alone
        merged.update(down_payment="0", amount="0.01", term_months="12")
    issues = application_fields_check(merged, as_of)[1]
    return [i for i in issues if i.field in STEPS[step]]


def application_from_steps(user: Any, data: Mapping[str, Any], *, ip: str | None, as_of: date,
                           consent_text: str) -> Application:
    """Submit the borrower's application (decided at once). Raises OriginationError."""
    condition = str(data.get("vehicle_condition") or "")
    if not data.get("consent"):
        raise OriginationError.from_issues([CONSENT_NEEDED])
    applicant = {key: data.get(key) for key in ("name", "resident_id", "bank_card", "monthly_income", "employer",
                                                "employment_years")}
    applicant["mobile"] = user.phone or user.username
    fields = {key: data.get(key) for key in STEPS["vehicle"] + STEPS["purchase"]}
    fields["mileage_km"] = fields.get("mileage_km") or 0
    fields["new_price"] = fields.get("new_price") or None
    return application_intake(
        applicant=applicant, consent={"text": consent_text, "text_version": CONSENT_VERSION},
        product_code=PRODUCT_FOR.get(condition, "NEWCAR"), fields=fields, channel=ApplicationChannel.BORROWER_WEB,
        actor=user, ip=ip, as_of=as_of, borrower_user=user,
    )
