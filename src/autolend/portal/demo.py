"""The borrower portal in the demo: the demo login ``borrower`` is a demo borrower with an active
loan and months of history, signs in at ``/portal/`` with that borrower's mobile number and the
demo password, and has one application of their own decided with offers (idempotent).

The demo book (``servicing.demo_book``) links its first borrower and first loan to the login;
this sets the login's ``phone`` to the borrower's mobile (the portal's sign-in looks a borrower
up by username = mobile first, then by ``phone``). A book seeded without that link gets the
first demo borrower whose active loan carries no login linked here instead.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import transaction

from autolend.identity.models import Role, User
from autolend.parties.models import Borrower

DEVICE_ID = "demo-portal-borrower"
Progress = Callable[[str], None]


def borrower_demo_link(progress: Progress | None = None, *, as_of: date | None = None, apply: bool = True) -> str:
    """Link the ``borrower`` login to a demo borrower with an active loan, set its phone to the
    borrower's mobile and (``apply``) give it an application decided on ``as_of``; one line saying
    what holds now (also passed to ``progress``)."""
    line = _link_line(as_of, apply)
    if progress is not None:
        progress(line)
    return line


def borrower_demo_mobile() -> str:
    """The mobile the demo borrower signs in with, or "" before the loan book links one."""
    user = User.objects.filter(username=Role.BORROWER.value, role=Role.BORROWER).first()
    return user.phone if user is not None else ""


def _link_line(as_of: date | None, apply: bool) -> str:
    from autolend.servicing.models import Loan, LoanStatus

    user = User.objects.filter(username=Role.BORROWER.value, role=Role.BORROWER).first()
    if user is None:
        return "Borrower portal: no demo login 'borrower'; nothing linked."
    borrower = Borrower.objects.filter(user=user).first() or _link_someone(user)
    if borrower is None:
        return "Borrower portal: no demo borrower with an active loan yet; 'borrower' is not linked."
    _phone_set(user, borrower.mobile)
    application = _application(user, borrower, as_of) if apply else ""
    loans = Loan.objects.filter(borrower=user, status=LoanStatus.ACTIVE).order_by("booked_on", "pk")
    numbers = ", ".join(loans.values_list("number", flat=True)) or "none active"
    return (f"Borrower portal: login 'borrower' is {borrower.name} — sign in at /portal/ with mobile "
            f"{borrower.mobile}; loans {numbers}{application}.")


def _link_someone(user: User) -> Borrower | None:
    """The first demo borrower whose active loan has no login yet, linked to ``user`` (with the loan)."""
    from autolend.audit.services import audit_record
    from autolend.servicing.models import Loan, LoanStatus

    loans = Loan.objects.filter(status=LoanStatus.ACTIVE, borrower__isnull=True).order_by("booked_on", "pk")
    with transaction.atomic():
        for loan in loans.select_for_update():
            borrower = Borrower.objects.select_for_update().filter(name=loan.borrower_name, user__isnull=True).first()
            if borrower is None:
                continue
            borrower.user = user
            borrower.save(update_fields=["user"])
            linked = Loan.objects.filter(borrower__isnull=True, borrower_name=borrower.name).update(borrower=user)
            audit_record("borrower_demo_link", "borrower", borrower.pk, actor=None,
                         after={"user": user.username, "loans": linked})
            return borrower
    return None


def _phone_set(user: User, mobile: str) -> None:
    from autolend.audit.services import audit_record
    from autolend.parties.kyc import mask

    if user.phone == mobile:
        return
    with transaction.atomic():
        before = mask(user.phone, 3, 4) if user.phone else ""
        User.objects.filter(pk=user.pk).update(phone=mobile)
        user.phone = mobile
        audit_record("borrower_demo_phone_set", "user", user.pk, actor=None,
                     before={"phone": before}, after={"phone": mask(mobile, 3, 4)})


def _application(user: User, borrower: Borrower, as_of: date | None) -> str:
    """Submit one borrower-web application for the demo borrower (once); its number and status."""
    from autolend.origination.errors import OriginationError
    from autolend.origination.models import Application
    from autolend.origination.services import application_intake

    known = Application.objects.filter(device_id=DEVICE_ID).first()
    if known is None:
        try:
            known = application_intake(
                applicant=_applicant(borrower), consent={"text": "本人授权查询征信报告。", "text_version": "2025.1"},
                product_code="NEWCAR", fields=_fields(), channel="borrower_web",
                as_of=as_of, borrower_user=user,
            )
        except OriginationError as exc:
            return f"; no application ({exc})"
    return f"; application {known.number} {known.status}"


def _applicant(borrower: Borrower) -> dict[str, Any]:
    return {"name": borrower.name, "resident_id": borrower.resident_id, "mobile": borrower.mobile,
            "monthly_income": str(max(borrower.monthly_income, 30_000)), "employment_years": 6,
            "employer": borrower.employer, "address": borrower.address}


def _fields() -> dict[str, Any]:
    from autolend.vehicles.vin import make_vin

    return {"vin": make_vin("LGX", "CB4H1", 2025, "S", "800001"), "vehicle_make": "比亚迪",
            "vehicle_model": "秦PLUS", "vehicle_year": 2025, "vehicle_condition": "new", "new_energy": True,
            "vehicle_price": "139800", "down_payment": "42000", "amount": "97800", "term_months": 36,
            "device_id": DEVICE_ID}
