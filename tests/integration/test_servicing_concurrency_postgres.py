"""On real PostgreSQL: 20 threads posting repayments to one loan at once end in exact balances
with no error surfaced, and the same idempotency key from 2 threads posts once.

20 × 100.00 on 2024-02-15 = 2,000.00: instalment 1's interest 1,000.00 first, then 1,000.00 of
principal — the same as one payment of 2,000.00, because the loan row lock makes them queue.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal as D

import pytest
from tests.integration.races import race

from autolend.servicing.models import Loan, LoanTransaction, TransactionKind
from autolend.servicing.services import repayment_post
from autolend.servicing.testing import assert_books_clean, books, disbursed_loan, dues, fresh_books

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
FEB15 = date(2024, 2, 15)


@pytest.fixture(autouse=True)
def clean_books() -> Iterator[None]:
    fresh_books()
    yield
    assert_books_clean()


def test_twenty_concurrent_repayments_to_one_loan_give_exact_balances() -> None:
    number = disbursed_loan().number

    def pay(k: int) -> Callable[[], int]:
        return lambda: repayment_post(number, "100.00", FEB15, f"race-{k}", channel="bank_transfer").pk

    results, errors = race([pay(k) for k in range(20)])
    assert not errors, errors
    assert len(set(results)) == 20
    loan = Loan.objects.get(number=number)
    assert (loan.principal_outstanding, loan.interest_receivable, loan.credit_balance) == (D("99000.00"), 0, 0)
    first = dues(loan)[0]
    assert (first.interest_paid, first.principal_paid, first.interest_accrued) == (D("1000.00"), D("1000.00"), D("1000.00"))
    assert LoanTransaction.objects.filter(loan=loan, kind=TransactionKind.REPAYMENT).count() == 20
    assert books()["1301"] == D("99000.00") and books()["6011"] == D("1000.00")


def test_the_same_key_from_two_threads_posts_once() -> None:
    number = disbursed_loan().number
    results, errors = race([lambda: repayment_post(number, "8884.88", FEB15, "same-key").pk] * 2)
    assert not errors, errors
    assert len(results) == 2 and results[0] == results[1]
    assert LoanTransaction.objects.filter(idempotency_key="same-key").count() == 1
    assert Loan.objects.get(number=number).principal_outstanding == D("92115.12")


def test_the_same_bank_file_imported_twice_at_once_posts_each_line_once_and_races_single_postings() -> None:
    from autolend.servicing.services import RepaymentLine, repayments_post_batch

    numbers = [disbursed_loan().number for _ in range(4)]
    file = [RepaymentLine(number, "100.00", f"file-{n}-{k}") for k in range(5) for n, number in enumerate(numbers)]

    posted: list[int] = []

    def import_file() -> int:
        result = repayments_post_batch(file, FEB15, chunk=7)
        assert not result.refused, result.as_json()
        assert len(result.posted) + len(result.replayed) == 20
        posted.append(len(result.posted))
        return 0

    def single(k: int) -> Callable[[], int]:
        return lambda: repayment_post(numbers[k % 4], "100.00", FEB15, f"one-{k}", channel="bank_transfer").pk

    results, errors = race([import_file, import_file] + [single(k) for k in range(8)])
    assert not errors, errors
    assert sum(posted) == 20  # between them the two imports posted each line once
    assert LoanTransaction.objects.filter(kind=TransactionKind.REPAYMENT, idempotency_key__startswith="file-").count() == 20
    for number in numbers:  # 5 file lines + 2 single postings of 100.00 each, in whatever order they queued
        loan = Loan.objects.get(number=number)
        assert LoanTransaction.objects.filter(loan=loan, kind=TransactionKind.REPAYMENT).count() == 7
        assert (loan.principal_outstanding, loan.interest_receivable) == (D("100000.00"), 0)
        assert dues(loan)[0].interest_paid == D("700.00")
