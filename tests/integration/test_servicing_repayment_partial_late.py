"""A partial payment, a penalty (罚息) while overdue, then a late payment that catches up.

2024-02-15: 5,000.00 paid of the 8,884.88 due → interest 1,000.00 first, then 4,000.00 principal;
3,884.88 principal stays overdue. 2024-03-01: penalty for 14 days (02-16 … 03-01) at the penalty
rate 18% a year (12% + 50%) over 360 days: 3,884.88 × 18% ÷ 360 × 14 = 27.19.
2024-03-15: 12,796.95 pays the penalty, the rest of instalment 1 and all of instalment 2
(penalties → fees → interest → principal, oldest instalment first).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal as D

import pytest

from autolend.servicing.selectors import loan_detail
from autolend.servicing.services import penalty_charge, repayment_post
from autolend.servicing.testing import assert_books_clean, disbursed_loan, dues, fresh_books, lines

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clean_books() -> Iterator[None]:
    fresh_books()
    yield
    assert_books_clean()


def test_partial_then_penalty_then_late_payment() -> None:
    loan = disbursed_loan()
    partial = repayment_post(loan.number, "5000.00", date(2024, 2, 15), "p1")
    assert lines(partial.journal_entry) == [
        ("Dr", "1002", D("5000.00")),
        ("Cr", "6011", D("1000.00")),
        ("Cr", "1301", D("4000.00")),
    ]
    first = dues(loan)[0]
    assert (first.principal - first.principal_paid, first.settled_on) == (D("3884.88"), None)
    assert loan_detail(loan.number, as_of=date(2024, 2, 20))["schedule"][0]["status"] == "partial"

    penalty_rate = D(loan.terms["penalty_rate"]) / 100 / loan.terms["penalty_days_in_year"]
    penalty = (D("3884.88") * penalty_rate * 14).quantize(D("0.01"))
    assert penalty == D("27.19")
    charged = penalty_charge(loan.number, 1, penalty, date(2024, 3, 1))
    assert lines(charged.journal_entry) == [("Dr", "1134", D("27.19")), ("Cr", "6031", D("27.19"))]

    late = repayment_post(loan.number, "12796.95", date(2024, 3, 15), "p2")
    assert lines(late.journal_entry) == [
        ("Dr", "1002", D("12796.95")),
        ("Cr", "1134", D("27.19")),  # the penalty first
        ("Cr", "6011", D("921.15")),  # instalment 2's interest
        ("Cr", "1301", D("11848.61")),  # 3,884.88 of instalment 1 + 7,963.73 of instalment 2
    ]
    first, second, third = dues(loan)[:3]
    assert (first.penalty_paid, first.settled_on, second.settled_on) == (D("27.19"), date(2024, 3, 15), date(2024, 3, 15))
    assert third.settled_on is None
    loan.refresh_from_db()
    assert (loan.principal_outstanding, loan.penalty_receivable) == (D("84151.39"), D("0.00"))
    assert [r["status"] for r in loan_detail(loan.number, as_of=date(2024, 3, 15))["schedule"][:3]] == [
        "paid", "paid", "future",
    ]


def test_allocation_by_component_pays_all_interest_before_any_principal() -> None:
    loan = disbursed_loan(allocation_strategy="by-component")
    txn = repayment_post(loan.number, "2500.00", date(2024, 3, 15), "both-months")
    # Two instalments due (1,000.00 + 921.15 interest): interest of both first, then principal of the oldest.
    assert lines(txn.journal_entry) == [
        ("Dr", "1002", D("2500.00")),
        ("Cr", "6011", D("1921.15")),
        ("Cr", "1301", D("578.85")),
    ]
