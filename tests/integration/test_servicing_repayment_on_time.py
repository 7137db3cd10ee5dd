"""An on-time repayment of instalment 1 (8,884.88 on 2024-02-15), before and after EOD accrued.

Paid on the due date before EOD ran, the month's interest is recognised by the payment itself
(Cr interest income); once EOD has accrued it, the payment clears the receivable instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal as D

import pytest

from autolend.servicing.selectors import loan_detail
from autolend.servicing.services import repayment_post
from autolend.servicing.testing import (
    accrue_interest,
    assert_books_clean,
    disbursed_loan,
    dues,
    fresh_books,
    lines,
)

pytestmark = pytest.mark.django_db
FEB15 = date(2024, 2, 15)


@pytest.fixture(autouse=True)
def clean_books() -> Iterator[None]:
    fresh_books()
    yield
    assert_books_clean()


def test_paid_on_the_due_date_before_eod_recognises_the_interest() -> None:
    loan = disbursed_loan()
    txn = repayment_post(loan.number, "8884.88", FEB15, "pay-AL1-1")
    assert lines(txn.journal_entry) == [
        ("Dr", "1002", D("8884.88")),  # bank
        ("Cr", "6011", D("1000.00")),  # interest income: not accrued yet, recognised now
        ("Cr", "1301", D("7884.88")),  # principal receivable
    ]
    first, second = dues(loan)[:2]
    assert (first.principal_paid, first.interest_paid, first.interest_accrued) == (D("7884.88"), D("1000.00"), D("1000.00"))
    assert first.settled_on == FEB15
    assert second.principal_paid == 0 and second.settled_on is None
    loan.refresh_from_db()
    assert (loan.principal_outstanding, loan.interest_receivable, loan.credit_balance) == (D("92115.12"), 0, 0)
    assert (txn.principal, txn.interest, txn.overpayment) == (D("7884.88"), D("1000.00"), 0)
    statuses = [row["status"] for row in loan_detail(loan.number, as_of=FEB15)["schedule"][:3]]
    assert statuses == ["paid", "future", "future"]


def test_paid_after_eod_accrued_clears_the_interest_receivable() -> None:
    loan = disbursed_loan()
    accrue_interest(loan, 1, D("1000.00"), FEB15)  # what EOD posts over the month
    txn = repayment_post(loan.number, "8884.88", FEB15, "pay-AL1-1")
    assert lines(txn.journal_entry) == [
        ("Dr", "1002", D("8884.88")),
        ("Cr", "1132", D("1000.00")),  # interest receivable
        ("Cr", "1301", D("7884.88")),
    ]
    assert dues(loan)[0].interest_accrued == D("1000.00")  # not recognised twice


def test_paid_before_the_due_date_nothing_is_due_so_it_is_kept_as_credit() -> None:
    loan = disbursed_loan()
    txn = repayment_post(loan.number, "8884.88", date(2024, 2, 10), "early")
    assert lines(txn.journal_entry) == [("Dr", "1002", D("8884.88")), ("Cr", "2242", D("8884.88"))]
    loan.refresh_from_db()
    assert loan.credit_balance == D("8884.88")
