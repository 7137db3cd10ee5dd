"""One application from a channel (portal or partner API) in one call: the applicant (found or
registered), the credit-pull consent, the identity check, the application, its decision.

Every field of the applicant, the car and the purchase is checked **before** anything is
written, so a bad request is one 422 listing every field and leaves no trace. A partner's
``external_reference`` makes the call idempotent: the same reference returns the same application.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction

from autolend.audit.services import AuditItem, audit_append
from autolend.integrations.identity import IdentityFactors, VerificationResult
from autolend.origination.errors import OriginationError, issue
from autolend.origination.models import Application, ApplicationChannel
from autolend.origination.services._common import business_date_today
from autolend.origination.services.applications import application_create
from autolend.origination.services.decisions import application_decide
from autolend.origination.validation import application_fields_check
from autolend.parties.errors import PartyError, kyc_issue
from autolend.parties.kyc import mobile_check, name_check, resident_id_check
from autolend.parties.models import Borrower, Channel, Dealer, KycStatus
from autolend.parties.services import (
    borrower_register,
    consent_grant,
    identity_check_record,
    identity_verify,
)
from autolend.products.selectors import product_version_effective
from autolend.rows import row_get

CONSENT_CHANNEL = {ApplicationChannel.BORROWER_WEB: Channel.WEB, ApplicationChannel.DEALER_PORTAL: Channel.DEALER,
                   ApplicationChannel.PARTNER_API: Channel.API}


def application_intake(
    *,
    applicant: Mapping[str, Any],
    consent: Mapping[str, Any] | None,
    product_code: str,
    fields: Mapping[str, Any],
    channel: str,
    dealer: Dealer | None = None,
    actor: Any = None,
    partner_token: Any = None,
    external_reference: str = "",
    ip: str | None = None,
    as_of: date | None = None,
    submit: bool = True,
    borrower_user: Any = None,
) -> Application:
    """Register or find the applicant, record the consent, check the identity, create the
    application and (``submit``) decide it. ``applicant``: name, resident_id, mobile and
    optionally address, employer, monthly_income (yuan), employment_years. ``consent``:
    {"text", "text_version"} of the credit-pull authorization (征信授权书) the applicant agreed to.
    ``borrower_user``: the applicant's own login (borrower web): a new borrower is linked to it,
    and an existing one must be linked to no other login."""
    day = as_of or business_date_today()
    if partner_token is not None and external_reference:
        known = Application.objects.filter(partner_token=partner_token, external_reference=external_reference).first()
        if known is not None:
            return known
    issues = _applicant_issues(applicant)
    merged = {**fields, "monthly_income": applicant.get("monthly_income"),
              "employment_years": applicant.get("employment_years")}
    issues += application_fields_check(merged, day)[1]
    version = product_version_effective(str(product_code or "").strip(), day)
    if version is None:
        issues.append(issue("product_code", "product_unknown"))
    if not consent or not str(consent.get("text") or "").strip() or not str(consent.get("text_version") or "").strip():
        issues.append(issue("consent", "consent_required"))
    if issues:
        raise OriginationError.from_issues(issues)
    rid = resident_id_check(str(applicant["resident_id"])).value
    name = name_check(str(applicant["name"])).value
    existing = _existing_borrower(rid, name, borrower_user)
    # The identity check calls out: asked before the transaction, recorded in it.
    verified = existing is not None and existing.kyc_status == KycStatus.VERIFIED
    factors = None if verified else IdentityFactors(
        name, rid, existing.mobile if existing else mobile_check(str(applicant["mobile"])).value, "")
    answer = None if factors is None else identity_verify(factors)
    for attempt in (1, 2):
        try:
            application = _records(applicant, consent, product_code, merged, channel, dealer, actor, partner_token,
                                   external_reference, ip, day, version, submit, borrower_user, existing, factors,
                                   answer)
            break
        except IntegrityError:
            # The same partner reference, or the same new applicant, submitted twice at once (or
            # an application number drawn twice): a unique index let one through and this
            # transaction rolled back whole; it starts over once.
            known = Application.objects.filter(partner_token=partner_token, external_reference=external_reference) \
                .first() if partner_token is not None and external_reference else None
            if known is not None:
                return known
            if attempt == 2:
                raise
            existing = _existing_borrower(rid, name, borrower_user)  # registered meanwhile, or still new
    if not submit:
        return application
    return application_decide(application, as_of=day, actor=actor, loaded=True, consent_checked=True)


def _records(applicant: Mapping[str, Any], consent: Mapping[str, Any] | None, product_code: str,
             merged: dict[str, Any], channel: str, dealer: Dealer | None, actor: Any,
             partner_token: Any, external_reference: str, ip: str | None, day: date, version: Any,
             submit: bool, borrower_user: Any, existing: Borrower | None,
             factors: IdentityFactors | None, answer: VerificationResult | None) -> Application:
    """One transaction for the records of intake — the borrower (if new), the identity check, the
    consent, the application (submitted) — and one audit append for all their events. The
    decision comes after it: it calls out, so it runs outside any lock."""
    with transaction.atomic():
        items: list[AuditItem] = []
        borrower = existing if existing is not None else _borrower_new(applicant, day, actor, borrower_user, items)
        if factors is not None and answer is not None:
            if existing is not None:  # two checks finishing at once must not interleave their status changes
                borrower = Borrower.objects.select_for_update().get(pk=existing.pk)
            identity_check_record(borrower, factors, answer, actor=actor, audit=items)
        try:
            assert consent is not None
            consent_grant(borrower, kind="credit_pull", text=str(consent["text"]),
                          text_version=str(consent["text_version"]),
                          channel=CONSENT_CHANNEL[ApplicationChannel(channel)], ip=ip, actor=actor, audit=items)
        except PartyError as exc:
            raise OriginationError.from_issues([i.__class__(f"consent.{i.field}", i.code, i.message_en,
                                                            i.message_zh) for i in exc.issues]) from None
        application = application_create(
            borrower=borrower, channel=channel, product_code=product_code,
            fields={**merged, "mobile": applicant["mobile"]}, dealer=dealer, actor=actor, partner_token=partner_token,
            external_reference=external_reference, ip=ip, as_of=day, product_version=version, submitted=submit,
            audit=items,
        )
        audit_append(items, actor=actor)
    application.borrower = borrower
    return application


def _existing_borrower(rid: str, name: str, user: Any) -> Borrower | None:
    """The borrower already registered with this resident ID (its name must match), or None."""
    existing = row_get(Borrower, {"resident_id": rid})  # unique
    if existing is not None:
        if existing.name != name:
            raise OriginationError.of("applicant.name", "name_mismatch")
        if user is not None and existing.user_id not in (None, user.pk):
            raise OriginationError.of("applicant.resident_id", "applicant_not_you")
    return existing


def _applicant_issues(applicant: Mapping[str, Any]) -> list[Any]:
    found = []
    for field, check in (("name", name_check), ("resident_id", resident_id_check), ("mobile", mobile_check)):
        found += [kyc_issue(f"applicant.{field}", e) for e in check(str(applicant.get(field) or "")).errors]
    return found


def _borrower_new(applicant: Mapping[str, Any], day: date, actor: Any, user: Any,
                  items: list[AuditItem]) -> Borrower:
    """Register the applicant (inside the intake's transaction; its audit event joins ``items``)."""
    try:
        return borrower_register(
            name=name_check(str(applicant["name"])).value, resident_id=resident_id_check(str(applicant["resident_id"])).value,
            mobile=str(applicant["mobile"]), as_of=day, address=str(applicant.get("address") or ""),
            employer=str(applicant.get("employer") or ""), monthly_income=applicant.get("monthly_income") or 0,
            bank_card=str(applicant.get("bank_card") or ""), user=user, actor=actor, audit=items,
        )
    except PartyError as exc:
        raise OriginationError.from_issues([i.__class__(f"applicant.{i.field}", i.code, i.message_en, i.message_zh)
                                            for i in exc.issues]) from None
