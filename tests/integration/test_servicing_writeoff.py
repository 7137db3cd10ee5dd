"""Write-off (核销) with maker-checker, using the allowance held, and a recovery after it.

The loan was never repaid. By 2024-09-01 EOD had accrued 1,000.00 of interest on instalment 1,
a 50.00 penalty was charged, and 30,000.00 of allowance was provided. Written off: 101,050.00 =
30,000.00 from the allowance + 71,050.00 write-off expense.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal as D

import pytest

from autolend.ledger.models import JournalLine
from autolend.servicing.errors import ServicingError
from autolend.servicing.models import ApprovalStatus, LoanStatus
from autolend.servicing.services import (
    penalty_charge,
    recovery_post,
    repayment_post,
    writeoff_approve,
    writeoff_request,
)
from autolend.servicing.testing import (
    accrue_interest,
    assert_books_clean,
    books,
    disbursed_loan,
    fresh_books,
    hold_provision,
    lines,
    staff,
)

pytestmark = pytest.mark.django_db
SEP1 = date(2024, 9, 1)


@pytest.fixture(autouse=True)
def clean_books() -> Iterator[None]:
    fresh_books()
    yield
    assert_books_clean()


def test_write_off_with_approval_then_a_recovery() -> None:
    loan = disbursed_loan()
    accrue_interest(loan, 1, D("1000.00"), date(2024, 2, 15))
    penalty_charge(loan.number, 1, D("50.00"), date(2024, 3, 1))
    hold_provision(loan, D("30000.00"), date(2024, 8, 31))

    request = writeoff_request(loan, staff("maker"), SEP1, "borrower absconded, car not found")
    lines_before = JournalLine.objects.count()
    with pytest.raises(ServicingError) as own:
        writeoff_approve(request, staff("maker"), SEP1)
    assert own.value.field == "checker" and "maker" in own.value.message
    assert JournalLine.objects.count() == lines_before

    txn = writeoff_approve(request, staff("checker"), SEP1)
    assert lines(txn.journal_entry) == [
        ("Dr", "1304", D("30000.00")),  # loan-loss allowance used
        ("Dr", "6702", D("71050.00")),  # write-off expense for the rest
        ("Cr", "1301", D("100000.00")),
        ("Cr", "1132", D("1000.00")),
        ("Cr", "1134", D("50.00")),
    ]
    loan.refresh_from_db()
    request.refresh_from_db()
    assert (loan.status, loan.closed_on, request.status) == (LoanStatus.WRITTEN_OFF, SEP1, ApprovalStatus.APPROVED)
    assert [loan.principal_outstanding, loan.interest_receivable, loan.penalty_receivable, loan.provision] == [0, 0, 0, 0]

    with pytest.raises(ServicingError) as no_repayment:
        repayment_post(loan.number, "100.00", date(2024, 10, 1), "after-wo")
    assert no_repayment.value.field == "status"
    recovery = recovery_post(loan.number, "12000.00", date(2024, 10, 1), "auction-1")
    assert lines(recovery.journal_entry) == [("Dr", "1002", D("12000.00")), ("Cr", "6051", D("12000.00"))]
    assert books()["6051"] == D("12000.00")


def test_allowance_beyond_what_is_written_off_is_released() -> None:
    loan = disbursed_loan(principal=D("10000.00"))
    hold_provision(loan, D("12000.00"), date(2024, 8, 31))
    txn = writeoff_approve(writeoff_request(loan, staff("maker"), SEP1, "fraud"), staff("checker"), SEP1)
    assert lines(txn.journal_entry) == [
        ("Dr", "1304", D("12000.00")),  # 10,000.00 used + 2,000.00 released
        ("Cr", "1301", D("10000.00")),
        ("Cr", "6701", D("2000.00")),  # credit impairment losses: the release
    ]
