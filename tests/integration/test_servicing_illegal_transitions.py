"""Every operation the loan's state does not allow is refused with a ServicingError, and nothing
is written: no journal line, no transaction, no change to the loan."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest

from autolend.ledger.models import JournalLine
from autolend.servicing.errors import ServicingError
from autolend.servicing.models import ApprovalRequest, Loan, LoanTransaction
from autolend.servicing.services import (
    credit_apply,
    disbursement_approve,
    disbursement_request,
    overpayment_refund,
    payoff_post,
    penalty_charge,
    prepayment_post,
    recovery_post,
    repayment_post,
    restructure_request,
    writeoff_request,
)
from autolend.servicing.testing import (
    assert_books_clean,
    book,
    disburse,
    disbursed_loan,
    fresh_books,
    staff,
)

pytestmark = pytest.mark.django_db
D1 = date(2024, 2, 15)


@pytest.fixture(autouse=True)
def clean_books() -> Iterator[None]:
    fresh_books()
    yield
    assert_books_clean()


def _pending() -> Loan:
    return book()


def _active() -> Loan:
    return disbursed_loan()


def _paid_off() -> Loan:
    loan = disbursed_loan()
    payoff_post(loan.number, "101500.00", D1, "payoff", valid_until=D1)  # 500.00 more than the quote
    overpayment_refund(loan.number, account="6222020000765432", business_date=D1, idempotency_key="refund")
    return loan


def _repaid_on_march_10() -> Loan:
    loan = disbursed_loan()
    repayment_post(loan.number, "100.00", date(2024, 3, 10), "late-partial")
    return loan


CASES: list[tuple[str, Callable[[], Loan], Callable[[Loan], Any], str]] = [
    ("repay a pending loan", _pending, lambda loan: repayment_post(loan.number, "100.00", D1, "k"), "status"),
    ("pay off a pending loan", _pending, lambda loan: payoff_post(loan.number, "100.00", D1, "k"), "status"),
    ("disburse twice", _active, lambda loan: disbursement_request(loan, staff("maker"), D1), "status"),
    ("approve a used request", _active,
     lambda loan: disbursement_approve(ApprovalRequest.objects.get(loan=loan), staff("other"), D1), "request"),
    ("write off a paid-off loan", _paid_off, lambda loan: writeoff_request(loan, staff("maker"), D1, "x"), "status"),
    ("repay a paid-off loan", _paid_off, lambda loan: repayment_post(loan.number, "100.00", D1, "k"), "status"),
    ("prepay a paid-off loan", _paid_off, lambda loan: prepayment_post(loan.number, "100.00", D1, "k"), "status"),
    ("restructure a paid-off loan", _paid_off,
     lambda loan: restructure_request(loan, installments=6, actor=staff("maker"), business_date=D1), "status"),
    ("recover on an active loan", _active, lambda loan: recovery_post(loan.number, "100.00", D1, "k"), "status"),
    ("refund without credit", _active,
     lambda loan: overpayment_refund(loan.number, account="6222020000765432", business_date=D1, idempotency_key="k"),
     "amount"),
    ("apply credit that is not there", _active, lambda loan: credit_apply(loan.number, D1), "credit_balance"),
    ("penalty on a due not yet overdue", _active, lambda loan: penalty_charge(loan.number, 3, "5.00", D1), "n"),
    ("repay before disbursement", _active,
     lambda loan: repayment_post(loan.number, "100.00", date(2024, 1, 1), "k"), "business_date"),
    ("backdate before the last transaction", _repaid_on_march_10,
     lambda loan: penalty_charge(loan.number, 1, "1.00", date(2024, 3, 1)), "business_date"),
    ("a negative amount", _active, lambda loan: repayment_post(loan.number, "-5", D1, "k"), "amount"),
    ("fractions of a fen", _active, lambda loan: repayment_post(loan.number, "1.001", D1, "k"), "amount"),
    ("no idempotency key", _active, lambda loan: repayment_post(loan.number, "1.00", D1, ""), "idempotency_key"),
    ("a wall-clock datetime", _active,
     lambda loan: repayment_post(loan.number, "1.00", __import__("datetime").datetime(2024, 2, 15), "k"),
     "business_date"),
    ("an unknown loan", _active, lambda loan: repayment_post("AL99999999", "1.00", D1, "k"), "loan"),
    ("a second pending write-off request", _active,
     lambda loan: [writeoff_request(loan, staff("maker"), D1, "x") for _ in range(2)], "loan"),
]


@pytest.mark.parametrize(("name", "make", "operation", "field"), CASES, ids=[case[0] for case in CASES])
def test_refused_and_nothing_written(name: str, make: Callable[[], Loan], operation: Callable[[Loan], Any],
                                     field: str) -> None:
    loan = make()
    before = (JournalLine.objects.count(), LoanTransaction.objects.count(),
              list(Loan.objects.values().order_by("pk")))
    with pytest.raises(ServicingError) as refused:
        operation(loan)
    assert refused.value.field == field, refused.value.message
    after = (JournalLine.objects.count(), LoanTransaction.objects.count(),
             list(Loan.objects.values().order_by("pk")))
    assert after == before


def test_a_book_with_first_due_before_booking_is_refused() -> None:
    from autolend.servicing.testing import standard_setup

    with pytest.raises(ServicingError) as refused:
        book(standard_setup(first_due=date(2024, 1, 1)))
    assert refused.value.field == "first_due"
    assert not Loan.objects.exists()


def test_disburse_is_refused_after_the_loan_was_disbursed_through_another_request() -> None:
    loan = book()
    disburse(loan)
    with pytest.raises(ServicingError):
        disbursement_request(loan, staff("maker"), D1)
