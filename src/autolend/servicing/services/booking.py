"""Booking a loan (签约放款前): the loan, its planned version-1 dues, status pending disbursement."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction

from autolend.servicing.errors import ServicingError
from autolend.servicing.models import Installment, Loan, LoanStatus, NumberSequence
from autolend.servicing.services._common import date_of, now, record, retrying
from autolend.servicing.services._versions import booking_dues, version_record
from autolend.servicing.terms import LoanSetup


def loan_book(
    setup: LoanSetup,
    *,
    borrower_name: str,
    borrower: Any = None,
    dealer_name: str,
    payee_account: str,
    business_date: date,
    actor: Any,
) -> Loan:
    """Book a loan on ``business_date``: number "AL" + 8 digits (gapless), status pending disbursement.

    ``setup`` is frozen into ``Loan.terms``. The dues made now are the plan, from a disbursement on
    the booking date; ``disbursement_approve`` rebuilds them from the actual disbursement date (the
    schedule starts when the money goes out, so interest is never charged for days before it).
    ``payee_account`` is the dealer's (or borrower's) bank account the payout goes to.
    """
    day = date_of(business_date)
    name = (borrower_name or "").strip()
    if not name or len(name) > 100:
        raise ServicingError("borrower_name", "is required (at most 100 characters)")
    account = (payee_account or "").strip()
    if not account or len(account) > 40:
        raise ServicingError("payee_account", "is required (at most 40 characters)")
    if len(dealer_name or "") > 120:
        raise ServicingError("dealer_name", "is at most 120 characters")
    if setup.first_due is not None and setup.first_due <= day:
        raise ServicingError("first_due", "must be after the booking date")

    def book() -> Loan:
        with transaction.atomic():
            loan = Loan.objects.create(
                number=_next_number(), status=LoanStatus.PENDING_DISBURSEMENT, product_code=setup.product_code,
                borrower=borrower, borrower_name=name, dealer_name=(dealer_name or "").strip(),
                payee_account=account, principal=setup.principal, annual_rate=setup.annual_rate,
                installments=setup.installments, booked_on=day, terms=setup.to_json(), schedule_version=1,
                created_at=now(),
            )
            dues, schedule, basis = booking_dues(loan, setup, day, recognise_fee=False)
            Installment.objects.bulk_create(dues)
            version_record(loan, 1, "booking", day, basis, schedule)
            record("book", loan, actor=actor, before=None, business_date=day, number=loan.number)
            return loan

    return retrying(book)


def _next_number() -> str:
    # Lock the counter row: two bookings can never take the same number, and a rolled-back booking
    # gives its number back (gapless, unlike a database sequence).
    counter = NumberSequence.objects.select_for_update().filter(name="loan").first()
    if counter is None:
        try:
            with transaction.atomic():
                NumberSequence.objects.create(name="loan", value=0)
        except IntegrityError:
            pass  # another booking created it first
        counter = NumberSequence.objects.select_for_update().get(name="loan")
    counter.value += 1
    counter.save(update_fields=["value"])
    return f"AL{counter.value:08d}"
