"""Gathering one application's decision input from the database and the credit bureau.

Everything the engine reads is copied into the ``DecisionInput`` here — the product version's
terms, the regulatory caps in force on the business date, the policy version, the bureau report,
the anti-fraud counts — so the record alone reproduces the decision later.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django.utils import timezone

from autolend.decisioning.engine.inputs import (
    Applicant,
    DecisionInput,
    Product,
    Request,
    Vehicle,
    region_of,
)
from autolend.decisioning.selectors import fraud_signals, policy_in_force
from autolend.integrations.bureau import (
    BureauReport,
    BureauUnavailable,
    CreditBureau,
    credit_bureau,
)
from autolend.products.kernel_settings import schedule_settings
from autolend.products.selectors import regulatory_caps_in_force

logger = logging.getLogger("autolend.decisioning")


class DecisionInputError(ValueError):
    """The application cannot be decided (no product version, no policy in force)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def bureau_pull(application: Any, bureau: CreditBureau | None = None, *,
                consent_checked: bool = False) -> tuple[BureauReport | None, str]:
    """The applicant's bureau report, if a credit-pull consent (征信授权) is in force now.

    Returns (report, note): report None when there is no consent ("no_consent") or the bureau
    did not answer ("unavailable"); the decision then refers instead of guessing.
    ``consent_checked``: the caller recorded the consent in this same request (the intake), so
    it is known to be in force and is not read back.
    """
    from autolend.parties.selectors import consent_in_force

    borrower = application.borrower
    if not consent_checked and consent_in_force(borrower.pk, "credit_pull", timezone.now()) is None:
        return None, "no_consent"
    adapter = bureau or credit_bureau()
    try:
        return adapter.report(borrower.resident_id, borrower.name), "ok"
    except BureauUnavailable:
        return None, "unavailable"
    except Exception as exc:  # a failing adapter must not fail the application: refer instead
        logger.warning("credit bureau %s failed", getattr(adapter, "provider", "?"), exc_info=exc)
        return None, "unavailable"


def product_input(version: Any) -> Product:
    """The engine's view of a product version (``products.models.ProductVersion``)."""
    return Product(
        code=version.product.code, kind=version.product.kind, version=version.version, status=version.status,
        effective_from=version.effective_from, effective_to=version.effective_to,
        terms_months=tuple(int(t) for t in version.terms_months), rate_min=version.rate_min,
        rate_max=version.rate_max, min_down_payment_pct=version.min_down_payment_pct,
        ltv_caps={k: str(v) for k, v in version.ltv_caps.items()}, fees=tuple(dict(f) for f in version.fees),
        balloon_max_pct=version.balloon_max_pct, schedule=schedule_settings(version),
    )


def decision_input(application: Any, as_of: date, bureau: BureauReport | None, bureau_note: str) -> DecisionInput:
    """The snapshot of ``application`` on the business date ``as_of``."""
    version = application.product_version
    if version is None:
        raise DecisionInputError("product_code", "no product version is attached to the application")
    policy = policy_in_force(as_of)
    if policy is None:
        raise DecisionInputError("policy", f"no policy version is in force on {as_of}")
    borrower = application.borrower
    price = application.vehicle_price
    return DecisionInput(
        as_of=as_of,
        applicant=Applicant(borrower.birth_date, region_of(borrower.resident_id), application.monthly_income,
                            application.employment_years, borrower.kyc_status),
        vehicle=Vehicle(application.vehicle_condition, application.new_energy, application.vehicle_use, price,
                        application.valuation or price, application.vehicle_year, application.mileage_km),
        request=Request(application.amount, application.down_payment, application.term_months),
        product=product_input(version),
        caps=tuple(regulatory_caps_in_force(as_of)),
        bureau=bureau,
        fraud=fraud_signals(application, as_of),
        dealer_key=f"D{application.dealer_id:03d}" if application.dealer_id else None,
        policy_version=policy.version,
        policy=policy.rules,
        extra={"bureau_note": bureau_note, "valuation_source": application.valuation_source,
               "application": application.number},
    )
