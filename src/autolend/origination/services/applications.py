"""Creating, submitting, withdrawing and expiring applications (受理)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from autolend.audit.services import AuditItem, audit_record_many
from autolend.integrations.bureau import CreditBureau
from autolend.origination.errors import OriginationError, issue
from autolend.origination.models import Application, ApplicationStatus
from autolend.origination.services._common import (
    actor_or_none,
    business_date_today,
    locked,
    new_number,
    now,
)
from autolend.origination.states import OPEN, move
from autolend.origination.validation import application_fields_check
from autolend.origination.valuation import vehicle_value
from autolend.parties.errors import kyc_issue
from autolend.parties.kyc import mask, mobile_check
from autolend.parties.models import Borrower, Dealer, DealerStatus
from autolend.products.selectors import product_version_effective
from autolend.rows import rows_insert

S = ApplicationStatus
DRAFT_DAYS = 30  # a draft or an undecided application not touched for this long expires


def application_create(
    *,
    borrower: Borrower,
    channel: str,
    product_code: str,
    fields: Mapping[str, Any],
    dealer: Dealer | None = None,
    actor: Any = None,
    partner_token: Any = None,
    external_reference: str = "",
    ip: str | None = None,
    as_of: date | None = None,
    product_version: Any = None,
    submitted: bool = False,
    audit: list[AuditItem] | None = None,
) -> Application:
    """A draft application of ``borrower`` for ``product_code`` (the version in force on the
    business date ``as_of``). ``fields``: the vehicle, purchase and declared-applicant fields of
    ``validation.application_fields_check`` plus an optional ``mobile`` (default the borrower's).
    Raises OriginationError listing every field problem; writes one audited row. ``submitted``:
    created and submitted at once (inside the caller's transaction): the row is written once,
    already submitted, and both moves (created, draft → submitted) are audited. ``audit``: the
    events are appended to this list for the caller to record (``audit_record_many``)."""
    day = as_of or business_date_today()
    values, issues = application_fields_check(fields, day)
    mobile = borrower.mobile
    if fields.get("mobile"):
        checked = mobile_check(str(fields["mobile"]))
        issues += [kyc_issue("mobile", e) for e in checked.errors]
        mobile = checked.value
    version = product_version or product_version_effective(str(product_code or "").strip(), day)
    if version is None:
        issues.append(issue("product_code", "product_unknown"))
    if dealer is not None and dealer.status != DealerStatus.ACTIVE:
        issues.append(issue("dealer_id", "dealer_suspended"))
    if issues:
        raise OriginationError.from_issues(issues)
    if values["monthly_income"] is None and borrower.monthly_income > 0:
        values["monthly_income"] = borrower.monthly_income
    values["valuation"], values["valuation_source"] = vehicle_value(
        condition=values["vehicle_condition"], price=values["vehicle_price"], new_price=values["new_price"],
        year=values["vehicle_year"], mileage_km=values["mileage_km"], new_energy=values["new_energy"],
        use=values["vehicle_use"], as_of=day)
    stamp = now()
    with transaction.atomic(savepoint=False):  # nested in an intake: no savepoint, the caller's fails whole
        (application,) = rows_insert([Application(
            **values, number=new_number(day), channel=channel, borrower=borrower, dealer=dealer,
            product_code=version.product.code, product_version=version, mobile=mobile, ip=ip or None,
            applied_on=day, partner_token=partner_token, external_reference=(external_reference or "")[:64],
            created_by=actor_or_none(actor), created_at=stamp, updated_at=stamp,
            status=S.SUBMITTED if submitted else S.DRAFT,
        )])
        items = [AuditItem("application_create", "application", application.pk, business_date=day,
                           after={"number": application.number, "channel": channel, "borrower_id": borrower.pk,
                                  "mobile": mask(mobile, 3, 4), "dealer_id": application.dealer_id,
                                  "product": f"{version.product.code} v{version.version}", "vin": application.vin,
                                  "amount": application.amount, "term_months": application.term_months})]
        if submitted:  # the move draft → submitted, audited as ``states.move`` audits it
            application.status = S.DRAFT
            move(application, S.SUBMITTED, actor=actor, business_date=day, audit=items)
        if audit is not None:
            audit.extend(items)
        else:
            audit_record_many(items, actor=actor)
    return application


def application_submit(application: Application | int, *, actor: Any = None, as_of: date | None = None,
                       bureau: CreditBureau | None = None) -> Application:
    """Submit a draft (draft → submitted) and decide it at once (→ approved / referred / declined).

    The decision runs outside any transaction (bureau call, models, pricing) and is recorded in
    a second, short one: see ``decisions.application_decide``.
    """
    from autolend.origination.services.decisions import application_decide

    day = as_of or business_date_today()
    with transaction.atomic():
        app = application_mark_submitted(application, actor=actor, as_of=day)
    return application_decide(app, as_of=day, actor=actor, bureau=bureau)


def application_mark_submitted(application: Application | int, *, actor: Any, as_of: date,
                               created_here: bool = False) -> Application:
    """draft → submitted, audited (inside the caller's transaction); the decision comes next.
    ``created_here``: the caller's transaction created the row, so no one else can see it yet and
    it needs no lock (the instance is used as it is)."""
    app = application if created_here and isinstance(application, Application) else locked(application)
    move(app, S.SUBMITTED, actor=actor, business_date=as_of)
    app.updated_at = now()
    app.save(update_fields=["status", "updated_at"])
    return app


def application_withdraw(application: Application | int, *, actor: Any = None, reason: str = "",
                         as_of: date | None = None) -> Application:
    """The applicant (or staff for them) withdraws an open application."""
    with transaction.atomic():
        app = locked(application)
        move(app, S.WITHDRAWN, actor=actor, business_date=as_of or business_date_today(), reason=reason[:200])
        _close_offers(app)
        app.updated_at = now()
        app.save(update_fields=["status", "updated_at"])
    return app


def applications_expire(as_of: date, *, actor: Any = None) -> list[str]:
    """Expire open applications on the business date ``as_of``: offers past ``expires_on``, and
    drafts or undecided applications untouched for ``DRAFT_DAYS``. Returns their numbers."""
    stale = as_of - timedelta(days=DRAFT_DAYS)
    due = Application.objects.filter(status__in=OPEN).filter(
        expires_on__lt=as_of) | Application.objects.filter(
        status__in=(S.DRAFT, S.SUBMITTED, S.REFERRED), applied_on__lt=stale)
    expired = []
    for pk in due.order_by("pk").values_list("pk", flat=True).distinct():
        with transaction.atomic():
            app = locked(pk)
            if app.status not in OPEN:  # moved on since the query
                continue
            move(app, S.EXPIRED, actor=actor, business_date=as_of)
            _close_offers(app)
            app.updated_at = now()
            app.save(update_fields=["status", "updated_at"])
            expired.append(app.number)
    return expired


def _close_offers(app: Application) -> None:
    app.offers.filter(is_active=True, accepted_at__isnull=True).update(is_active=False)
    if app.status == S.WITHDRAWN or app.status == S.EXPIRED:
        app.contracts.filter(status="sent").update(status="void")
