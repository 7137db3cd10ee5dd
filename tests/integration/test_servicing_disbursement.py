"""Book → request → approve a disbursement (放款), maker-checker, with the upfront fee deducted
from the payout or billed to the borrower; a refused payout posts nothing.

Worked example: 100,000.00 at 12% a year over 12 months, booked and disbursed on 2024-01-15,
instalment 8,884.88 (month 1: 1,000.00 interest + 7,884.88 principal).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal as D

import pytest

from autolend.ledger.models import JournalLine
from autolend.servicing.errors import ServicingError
from autolend.servicing.models import (
    ApprovalStatus,
    Installment,
    LoanStatus,
    LoanTransaction,
    TransactionKind,
)
from autolend.servicing.services import disbursement_approve, disbursement_request, repayment_post
from autolend.servicing.testing import (
    assert_books_clean,
    book,
    books,
    dues,
    fresh_books,
    lines,
    staff,
    standard_setup,
)

pytestmark = pytest.mark.django_db
JAN15 = date(2024, 1, 15)


@pytest.fixture(autouse=True)
def clean_books() -> Iterator[None]:
    fresh_books()
    yield
    assert_books_clean()


def test_booking_makes_a_pending_loan_with_its_planned_schedule() -> None:
    loan = book(standard_setup(fee_upfront=D("1000.00")))
    assert loan.number == "AL00000001"
    assert book().number == "AL00000002"  # sequential
    assert loan.status == LoanStatus.PENDING_DISBURSEMENT
    assert loan.terms["penalty_rate"] == "18.0000"  # 12% × 1.5 (+50%)
    rows = dues(loan)
    assert [(r.n, r.due_date, r.principal, r.interest) for r in rows[:2]] == [
        (1, date(2024, 2, 15), D("7884.88"), D("1000.00")),
        (2, date(2024, 3, 15), D("7963.73"), D("921.15")),
    ]
    assert sum(r.principal for r in rows) == D("100000.00")
    assert JournalLine.objects.count() == 0  # booking moves no money


def test_deducted_fee_the_dealer_receives_principal_less_fee() -> None:
    loan = book(standard_setup(fee_upfront=D("1000.00")))
    request = disbursement_request(loan, staff("maker"), JAN15)
    assert request.payload["payout"] == "99000.00"

    with pytest.raises(ServicingError) as refused:
        disbursement_approve(request, staff("maker"), JAN15)
    assert refused.value.field == "checker"
    assert JournalLine.objects.count() == 0

    disbursement_approve(request, staff("checker"), JAN15)
    loan.refresh_from_db()
    request.refresh_from_db()
    assert (loan.status, loan.disbursed_on, loan.maturity_date) == (LoanStatus.ACTIVE, JAN15, date(2025, 1, 15))
    assert (request.status, request.checker, request.decided_on) == (ApprovalStatus.APPROVED, staff("checker"), JAN15)
    disbursement, payout = LoanTransaction.objects.filter(loan=loan).order_by("pk")
    assert lines(disbursement.journal_entry) == [
        ("Dr", "1301", D("100000.00")),  # loan principal receivable
        ("Cr", "2202", D("99000.00")),  # dealer payable
        ("Cr", "6021", D("1000.00")),  # fee income, kept back from the payout
    ]
    assert lines(payout.journal_entry) == [("Dr", "2202", D("99000.00")), ("Cr", "1002", D("99000.00"))]
    assert payout.kind == TransactionKind.PAYOUT and payout.external_ref.startswith("SIM-")
    assert books()["1002"] == D("-99000.00")
    assert (loan.principal_outstanding, loan.fee_receivable) == (D("100000.00"), D("0.00"))


def test_billed_fee_is_a_receivable_due_on_the_disbursement_date() -> None:
    loan = book(standard_setup(fee_upfront=D("1000.00"), fee_treatment="billed"))
    disbursement_approve(disbursement_request(loan, staff("maker"), JAN15), staff("checker"), JAN15)
    disbursement, payout = LoanTransaction.objects.filter(loan=loan).order_by("pk")
    assert lines(disbursement.journal_entry) == [
        ("Dr", "1301", D("100000.00")),
        ("Cr", "2202", D("100000.00")),
        ("Dr", "1133", D("1000.00")),  # fee receivable
        ("Cr", "6021", D("1000.00")),
    ]
    assert lines(payout.journal_entry) == [("Dr", "2202", D("100000.00")), ("Cr", "1002", D("100000.00"))]
    fee_due = dues(loan)[0]
    assert (fee_due.n, fee_due.due_date, fee_due.fee, fee_due.fee_recognized) == (0, JAN15, D("1000.00"), D("1000.00"))
    # The first payment settles the fee first (oldest due), then instalment 1.
    txn = repayment_post(loan.number, "9884.88", date(2024, 2, 15), "pay-1")
    assert lines(txn.journal_entry) == [
        ("Dr", "1002", D("9884.88")),
        ("Cr", "1133", D("1000.00")),
        ("Cr", "6011", D("1000.00")),
        ("Cr", "1301", D("7884.88")),
    ]


def test_disbursed_later_than_booked_the_schedule_starts_at_disbursement() -> None:
    loan = book(on=date(2024, 1, 10))
    assert dues(loan)[0].due_date == date(2024, 2, 10)
    disbursement_approve(disbursement_request(loan, staff("maker"), JAN15), staff("checker"), JAN15)
    first = dues(loan)[0]
    assert (first.from_date, first.due_date, first.interest) == (JAN15, date(2024, 2, 15), D("1000.00"))
    assert Installment.objects.filter(loan=loan).count() == 12


def test_a_refused_payout_leaves_the_loan_pending_and_posts_nothing() -> None:
    loan = book(payee_account="6222020000000000")  # the simulator refuses accounts ending 0000
    planned = [(r.n, r.due_date, r.principal) for r in dues(loan)]
    request = disbursement_request(loan, staff("maker"), JAN15)
    with pytest.raises(ServicingError) as refused:
        disbursement_approve(request, staff("checker"), JAN15)
    assert refused.value.field == "payout"
    assert "refused" in refused.value.message
    loan.refresh_from_db()
    request.refresh_from_db()
    assert loan.status == LoanStatus.PENDING_DISBURSEMENT and loan.disbursed_on is None
    assert request.status == ApprovalStatus.PENDING
    assert JournalLine.objects.count() == 0 and LoanTransaction.objects.count() == 0
    assert [(r.n, r.due_date, r.principal) for r in dues(loan)] == planned
