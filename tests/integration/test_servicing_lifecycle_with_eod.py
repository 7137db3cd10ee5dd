"""The whole life of one loan with the real end of day in between (the issue's worked example):
disburse → EOD accrues → pay on the due date → an instalment left overdue earns penalty → pay late
→ prepay → pay off with the quote → EOD releases the provision. The books reconcile at every step.

100,000.00 at 12% a year over 12 months from 2024-01-15; penalty rate 18% a year (12% + 50%) over
360 days on overdue principal; EOD accrues each due's interest pro rata by day of its period.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal as D

import pytest

from autolend.servicing.eod import eod_run
from autolend.servicing.models import BusinessDay, LoanStatus
from autolend.servicing.selectors import payoff_quote_for
from autolend.servicing.services import (
    overpayment_refund,
    payoff_post,
    prepayment_post,
    repayment_post,
)
from autolend.servicing.testing import assert_books_clean, disbursed_loan, dues, fresh_books, lines

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clean_books() -> Iterator[None]:
    fresh_books()
    BusinessDay.objects.update_or_create(id=1, defaults={"business_date": date(2024, 1, 15)})
    yield
    assert_books_clean()


def _eod(first: date, last: date) -> None:
    eod_run(first, last, partitions=2)
    assert_books_clean()


def test_a_loan_from_disbursement_to_payoff_with_end_of_day() -> None:
    loan = disbursed_loan()
    _eod(date(2024, 1, 15), date(2024, 2, 14))
    loan.refresh_from_db()
    assert loan.interest_receivable == D("967.74")  # 1,000.00 × 30/31 days accrued by EOD

    on_time = repayment_post(loan.number, "8884.88", date(2024, 2, 15), "feb")  # before EOD of 02-15
    assert lines(on_time.journal_entry) == [
        ("Dr", "1002", D("8884.88")),
        ("Cr", "1132", D("967.74")),  # accrued by EOD
        ("Cr", "6011", D("32.26")),  # the last day's interest, recognised by the payment
        ("Cr", "1301", D("7884.88")),
    ]

    _eod(date(2024, 2, 15), date(2024, 3, 20))  # instalment 2 (due 03-15) is not paid
    loan.refresh_from_db()
    # Penalty: 7,963.73 overdue × 18% ÷ 360 = 3.98 a day, 03-16 … 03-20.
    assert (loan.days_past_due, loan.penalty_receivable) == (5, D("19.90"))
    # Interest: instalment 2 in full + instalment 3's first 5 of 31 days (841.51 × 5/31 = 135.73).
    assert loan.interest_receivable == D("1056.88")

    late = repayment_post(loan.number, "9000.00", date(2024, 3, 21), "mar")
    assert lines(late.journal_entry) == [
        ("Dr", "1002", D("9000.00")),
        ("Cr", "1134", D("19.90")),
        ("Cr", "1132", D("921.15")),
        ("Cr", "1301", D("7963.73")),
        ("Cr", "2242", D("95.22")),  # paid more than due: credit balance
    ]

    _eod(date(2024, 3, 21), date(2024, 3, 31))
    prepaid = prepayment_post(loan.number, "30000.00", date(2024, 4, 1), "apr-prepay")
    # Interest of period 3 to 04-01: 841.51 × 17/31 = 461.47, EOD had accrued 16/31 = 434.33.
    assert lines(prepaid.journal_entry) == [
        ("Dr", "1002", D("30000.00")),
        ("Cr", "1132", D("434.33")),
        ("Cr", "6011", D("27.14")),
        ("Cr", "1301", D("29538.53")),
    ]
    loan.refresh_from_db()
    assert (loan.schedule_version, loan.principal_outstanding) == (2, D("54612.86"))

    _eod(date(2024, 4, 1), date(2024, 4, 20))  # the new first due (04-15) is left unpaid
    quote = payoff_quote_for(loan.number, date(2024, 4, 21))
    assert (quote.overdue_principal, quote.penalties) == (D("5511.28"), D("13.80"))  # 2.76 a day × 5
    assert quote.principal == D("54612.86")
    payoff = payoff_post(loan.number, quote.total, date(2024, 4, 21), "apr-payoff")
    assert lines(payoff.journal_entry)[0] == ("Dr", "1002", quote.total)
    loan.refresh_from_db()
    assert loan.status == LoanStatus.PAID_OFF
    assert [loan.principal_outstanding, loan.interest_receivable, loan.fee_receivable, loan.penalty_receivable] == [0] * 4
    assert all(row.settled_on is not None for row in dues(loan))
    overpayment_refund(loan.number, account="6222020000765432", business_date=date(2024, 4, 21),
                       idempotency_key="refund-credit")

    _eod(date(2024, 4, 21), date(2024, 4, 21))
    loan.refresh_from_db()
    assert (loan.provision, loan.credit_balance) == (0, 0)  # the allowance is released once paid off
