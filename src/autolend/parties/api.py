"""Parties API (mount: ``api.add_router("/parties/", router)``).

``POST /borrowers`` is public (self-registration); dealers and identity checks need a signed-in
staff member; a consent is recorded by staff or by the borrower's own login. Field errors are 422
``{"detail": [{"loc": ["body", "payload", field], "msg": ..., "code": ...}]}`` with ``msg`` in the
request's language (zh-Hans by default, English with ``Accept-Language: en``).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError, ValidationError
from ninja.security import SessionAuth

from autolend.identity.models import Role
from autolend.parties.errors import PartyError
from autolend.parties.kyc import mask
from autolend.parties.models import Borrower, Channel, ConsentKind
from autolend.parties.services import (
    borrower_register,
    consent_grant,
    dealer_register,
    identity_check_run,
)

# Every endpoint here writes, so the auditor (who reads everything and writes nothing) is not here.
STAFF_ROLES = frozenset({Role.UNDERWRITER, Role.SENIOR_UNDERWRITER, Role.OPERATIONS, Role.FINANCE,
                         Role.COLLECTOR, Role.RISK_MANAGER, Role.ADMIN})


def is_staff(user: Any) -> bool:
    """A platform employee who may write: an internal role but the auditor, or a Django superuser."""
    return bool(getattr(user, "is_superuser", False) or getattr(user, "role", None) in STAFF_ROLES)


class StaffSession(SessionAuth):
    """Django session auth (CSRF-checked) that also requires a staff role: 401 signed out, 403 not staff."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None and not is_staff(user):
            raise HttpError(403, "staff only")
        return user


staff_auth = StaffSession()
router = Router(tags=["parties"])


def field_errors(exc: PartyError) -> ValidationError:
    """422 naming each field, messages translated into the active language."""
    return ValidationError([
        {"type": "value_error", "loc": ["body", "payload", item.field], "msg": gettext(item.message_en),
         "code": item.code}
        for item in exc.issues
    ])


def business_date() -> date:
    """The platform's business date (servicing EOD), else the local calendar date."""
    from autolend.servicing.selectors import business_date_current

    return business_date_current() or timezone.localdate()


class BorrowerIn(Schema):
    name: str = Field(..., examples=["张伟"])
    resident_id: str = Field(..., description="GB 11643-1999, 18 characters", examples=["11010519491231002X"])
    mobile: str = Field(..., examples=["13800138000"])
    address: str = ""
    employer: str = ""
    monthly_income: Decimal | str = Field("0", description="yuan")
    bank_card: str = ""


class BorrowerOut(Schema):
    id: int
    name: str
    resident_id: str  # masked
    birth_date: date
    sex: str
    id_province: str
    mobile: str  # masked
    kyc_status: str


def _borrower_out(borrower: Borrower) -> dict[str, Any]:
    return {"id": borrower.pk, "name": borrower.name, "resident_id": mask(borrower.resident_id),
            "birth_date": borrower.birth_date, "sex": borrower.sex, "id_province": borrower.id_province,
            "mobile": mask(borrower.mobile, 3, 4), "kyc_status": borrower.kyc_status}


@router.post("/borrowers", response={201: BorrowerOut}, summary="Register a borrower (KYC-checked)")
def borrower_create(request: HttpRequest, payload: BorrowerIn) -> Status[Any]:
    user = request.user if request.user.is_authenticated and request.user.role == Role.BORROWER else None
    try:
        borrower = borrower_register(
            **payload.dict(), as_of=business_date(), user=user,
            actor=request.user if request.user.is_authenticated else None,
        )
    except PartyError as exc:
        raise field_errors(exc) from None
    return Status(201, _borrower_out(borrower))


class DealerIn(Schema):
    name: str
    uscc: str = Field(..., description="unified social credit code, GB 32100-2015", examples=["91110000600037341L"])
    bank_account_name: str
    bank_account_number: str
    bank_name: str
    address: str = ""
    province: str = ""


class DealerOut(Schema):
    id: int
    name: str
    uscc: str
    province: str
    status: str


@router.post("/dealers", response={201: DealerOut}, auth=staff_auth, summary="Register a dealer (staff)")
def dealer_create(request: HttpRequest, payload: DealerIn) -> Status[Any]:
    try:
        dealer = dealer_register(**payload.dict(), actor=request.auth)
    except PartyError as exc:
        raise field_errors(exc) from None
    return Status(201, {"id": dealer.pk, "name": dealer.name, "uscc": dealer.uscc, "province": dealer.province,
                        "status": dealer.status})


class ConsentIn(Schema):
    kind: str = Field(..., description=", ".join(ConsentKind.values), examples=["credit_pull"])
    text: str = Field(..., description="the exact text the borrower agreed to (only its SHA-256 is kept)")
    text_version: str = Field(..., examples=["2024.1"])
    channel: str = Field("web", description=", ".join(Channel.values))


class ConsentOut(Schema):
    id: int
    kind: str
    text_version: str
    text_hash: str
    channel: str
    granted_at: datetime
    revoked_at: datetime | None


@router.post("/borrowers/{borrower_id}/consents", response={201: ConsentOut}, auth=SessionAuth(),
             summary="Record a consent (staff, or the borrower's own login)")
def consent_create(request: HttpRequest, borrower_id: int, payload: ConsentIn) -> Status[Any]:
    borrower = get_object_or_404(Borrower, pk=borrower_id)
    if not is_staff(request.auth) and borrower.user_id != getattr(request.auth, "pk", None):
        raise HttpError(403, "only staff or the borrower may record a consent")
    try:
        consent = consent_grant(borrower, **payload.dict(), ip=request.META.get("REMOTE_ADDR"), actor=request.auth)
    except PartyError as exc:
        raise field_errors(exc) from None
    return Status(201, consent)


class IdentityCheckIn(Schema):
    bank_card: str = Field("", description="given: a four-factor check (四要素)")


class IdentityCheckOut(Schema):
    id: int
    provider: str
    result: str
    factors: list[str]
    mismatched: list[str]
    reference: str
    kyc_status: str


@router.post("/borrowers/{borrower_id}/identity-checks", response={201: IdentityCheckOut}, auth=staff_auth,
             summary="Run a three- or four-factor identity check (staff)")
def identity_check_create(request: HttpRequest, borrower_id: int, payload: IdentityCheckIn) -> Status[Any]:
    borrower = get_object_or_404(Borrower, pk=borrower_id)
    try:
        check = identity_check_run(borrower, bank_card=payload.bank_card, actor=request.auth)
    except PartyError as exc:
        raise field_errors(exc) from None
    return Status(201, {"id": check.pk, "provider": check.provider, "result": check.result,
                        "factors": check.factors, "mismatched": check.mismatched, "reference": check.reference,
                        "kyc_status": check.borrower.kyc_status})
