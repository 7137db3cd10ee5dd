"""Overpayment (溢缴款): the excess over what is due is kept as the borrower's credit balance, later
applied to the next due or refunded through the payment gateway."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal as D

import pytest

from autolend.ledger.models import JournalLine
from autolend.servicing.errors import ServicingError
from autolend.servicing.models import LoanTransaction, TransactionKind
from autolend.servicing.services import credit_apply, overpayment_refund, repayment_post
from autolend.servicing.testing import assert_books_clean, disbursed_loan, dues, fresh_books, lines

pytestmark = pytest.mark.django_db
FEB15 = date(2024, 2, 15)


@pytest.fixture(autouse=True)
def clean_books() -> Iterator[None]:
    fresh_books()
    yield
    assert_books_clean()


def test_excess_is_kept_as_credit_and_refunded() -> None:
    loan = disbursed_loan()
    txn = repayment_post(loan.number, "10000.00", FEB15, "pay-1")
    assert lines(txn.journal_entry) == [
        ("Dr", "1002", D("10000.00")),
        ("Cr", "6011", D("1000.00")),
        ("Cr", "1301", D("7884.88")),
        ("Cr", "2242", D("1115.12")),  # customer overpayment
    ]
    assert txn.overpayment == D("1115.12")
    loan.refresh_from_db()
    assert loan.credit_balance == D("1115.12")

    refund = overpayment_refund(loan.number, account="6222020000765432", business_date=date(2024, 2, 16),
                                idempotency_key="refund-1")
    assert lines(refund.journal_entry) == [("Dr", "2242", D("1115.12")), ("Cr", "1002", D("1115.12"))]
    assert refund.external_ref.startswith("SIM-")
    loan.refresh_from_db()
    assert loan.credit_balance == 0


def test_a_refused_refund_posts_nothing() -> None:
    loan = disbursed_loan()
    repayment_post(loan.number, "10000.00", FEB15, "pay-1")
    before = JournalLine.objects.count()
    with pytest.raises(ServicingError) as refused:
        overpayment_refund(loan.number, account="6222020000000000", business_date=FEB15, idempotency_key="r")
    assert refused.value.field == "payout"
    with pytest.raises(ServicingError) as too_much:
        overpayment_refund(loan.number, "2000.00", account="6222020000765432", business_date=FEB15, idempotency_key="r2")
    assert too_much.value.field == "amount"
    assert JournalLine.objects.count() == before
    loan.refresh_from_db()
    assert loan.credit_balance == D("1115.12")


def test_credit_is_applied_to_the_next_due() -> None:
    loan = disbursed_loan()
    repayment_post(loan.number, "10000.00", FEB15, "pay-1")
    applied = credit_apply(loan.number, date(2024, 3, 15))
    assert lines(applied.journal_entry) == [
        ("Dr", "2242", D("1115.12")),
        ("Cr", "6011", D("921.15")),  # instalment 2's interest
        ("Cr", "1301", D("193.97")),
    ]
    loan.refresh_from_db()
    assert loan.credit_balance == 0
    assert dues(loan)[1].principal_paid == D("193.97")


def test_under_the_refund_rule_the_excess_goes_back_after_commit(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    loan = disbursed_loan(overpayment="refund")
    with django_capture_on_commit_callbacks(execute=True):
        repayment_post(loan.number, "10000.00", FEB15, "pay-1", channel="bank_transfer",
                       refund_account="6222020000765432")
    refund = LoanTransaction.objects.get(loan=loan, kind=TransactionKind.REFUND)
    assert lines(refund.journal_entry) == [("Dr", "2242", D("1115.12")), ("Cr", "1002", D("1115.12"))]
    assert refund.idempotency_key == "refund:pay-1"
    loan.refresh_from_db()
    assert loan.credit_balance == 0
