"""Helpers for collections tests, the demo and the bench: loans at a given DPD made straight with
the ORM (no dues, no journal: for the rules that read only ``days_past_due``), people, a day's run."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from autolend.kernel.delinquency import bucket_for
from autolend.servicing.models import Installment, Loan, LoanStatus

DAY = date(2024, 6, 1)


def person(username: str, role: str, phone: str = "", email: str = "") -> Any:
    """A user with ``role`` (created on first use)."""
    from autolend.identity.models import User

    user, _ = User.objects.get_or_create(username=username, defaults={"role": role, "phone": phone, "email": email})
    return user


def collector(username: str) -> Any:
    return person(username, "collector")


def loan_at(number: str, dpd: int = 0, *, borrower: Any = None, principal: str = "50000.00",
            status: str = LoanStatus.ACTIVE) -> Loan:
    """An active loan whose last EOD left it ``dpd`` days past due at the close of ``DAY``, with
    one unpaid due of 1,000.00 on ``DAY − dpd`` (and nothing in the books)."""
    loan = Loan.objects.create(
        number=number, status=status, product_code="", borrower=borrower, borrower_name=f"Borrower {number}",
        principal=Decimal(principal), annual_rate=Decimal("12"), installments=12, booked_on=date(2024, 1, 1),
        disbursed_on=date(2024, 1, 1), terms={}, principal_outstanding=Decimal(principal), days_past_due=dpd,
        dpd_bucket=bucket_for(dpd), created_at=timezone.now())
    due = DAY - timedelta(days=dpd)
    Installment.objects.create(loan=loan, version=1, n=1, from_date=due - timedelta(days=30), due_date=due,
                               principal=Decimal("1000.00"), interest=Decimal("0"), fee=Decimal("0"))
    return loan


def dpd_set(loan: Loan, dpd: int) -> None:
    """What servicing's EOD would leave: the loan ``dpd`` days past due."""
    Loan.objects.filter(pk=loan.pk).update(days_past_due=dpd, dpd_bucket=bucket_for(dpd))


def run(day: date) -> Any:
    """Collections EOD for ``day`` without reminders."""
    from autolend.collections.eod import collections_eod

    return collections_eod(day, reminders=False)
