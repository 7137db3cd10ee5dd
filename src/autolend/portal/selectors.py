"""Reads for the borrower portal, object-level: a borrower reads only their own applications,
loans and messages (anything else is None, and the view answers 404)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from autolend.collections.models import ContactLog
from autolend.origination.models import Application
from autolend.origination.selectors import application_for, applications_visible_to
from autolend.parties.models import Borrower
from autolend.servicing.errors import ServicingError
from autolend.servicing.models import Loan, LoanStatus
from autolend.servicing.selectors import (
    business_date_current,
    loan_detail,
    payoff_quote_for,
    quote_json,
)


def business_date() -> date:
    """The platform's business date (the last EOD's), else the local calendar date."""
    return business_date_current() or timezone.localdate()


def borrower_of(user: Any) -> Borrower | None:
    return Borrower.objects.filter(user_id=user.pk).first()


def my_applications(user: Any) -> list[Application]:
    return list(applications_visible_to(user).order_by("-created_at", "-pk")[:50])


def my_application(user: Any, pk: int) -> Application | None:
    return application_for(user, pk)


def my_loans(user: Any) -> list[Loan]:
    return list(Loan.objects.filter(borrower_id=user.pk).order_by("-booked_on", "-pk"))


def my_loan(user: Any, number: str) -> Loan | None:
    return Loan.objects.filter(borrower_id=user.pk, number=number).first()


def loan_page(loan: Loan, day: date) -> dict[str, Any]:
    """The loan as its borrower sees it: summary, the next due, what is due by ``day``
    (``due_now``, yuan), the schedule, the history and, for an active loan, today's payoff quote."""
    detail = loan_detail(loan.number, day)
    schedule = [row for row in detail["schedule"] if row["kind"] == "installment"]
    upcoming = [row for row in detail["schedule"] if row["status"] != "paid"]
    quote = None
    if loan.status == LoanStatus.ACTIVE:
        try:
            quote = quote_json(payoff_quote_for(loan, day, day))
        except ServicingError:
            quote = None
    history = [t for t in detail["transactions"] if t["kind"] not in ("payout",)]
    due_now = sum((Decimal(row["owed"]) for row in upcoming if row["due_date"] <= day.isoformat()), Decimal(0))
    return {"detail": detail, "schedule": schedule, "next_due": upcoming[0] if upcoming else None,
            "due_now": due_now, "history": list(reversed(history)), "quote": quote}


def my_messages(user: Any, limit: int = 100) -> list[ContactLog]:
    """Reminders and notices sent to the borrower about their loans, newest first."""
    return list(ContactLog.objects.filter(loan__borrower_id=user.pk, status="sent")
                .select_related("loan").order_by("-sent_at", "-pk")[:limit])
