"""EOD interest accrual and fee recognition: a worked example an accountant can follow.

670,000 at 4.9% over 360 months from 2024-01-15; month 1 (to 2024-02-15, 31 days) = 2,735.83
interest + 820.04 principal, month 2 (to 2024-03-15, 29 days) = 2,732.48 interest.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from tests.integration.eod_fixtures import (
    business_date_set,
    interest_recognise,
    ledger_balanced,
    loan_book,
    subledger_differences,
)

from autolend.ledger.models import JournalLine
from autolend.ledger.services import chart_ensure
from autolend.servicing.eod import eod_run
from autolend.servicing.models import BusinessDay, Installment, Loan

pytestmark = pytest.mark.django_db

START = date(2024, 1, 15)


@pytest.fixture(autouse=True)
def chart() -> None:
    chart_ensure()
    business_date_set(START)


def _accrued(n: int) -> D:
    return Installment.objects.get(loan__number="AL0001", n=n).interest_accrued


def _lines(day: date, kind: str = "eod_accrual") -> list[tuple[str, str, D, D]]:
    rows = JournalLine.objects.filter(entry__entry_date=day, entry__kind=kind).order_by("pk")
    return list(rows.values_list("account__code", "subledger", "debit", "credit"))


def test_interest_accrues_day_by_day_across_the_period_and_in_full_at_the_due_date() -> None:
    loan = loan_book()
    # (day, interest recognised on due 1 at the close of that day): round(2,735.83 × days ÷ 31)
    expected = [(START, "0.00"), (date(2024, 1, 16), "88.25"), (date(2024, 1, 17), "176.51"),
                (date(2024, 1, 18), "264.76"), (date(2024, 1, 30), "1323.79"), (date(2024, 2, 14), "2647.58"),
                (date(2024, 2, 15), "2735.83")]
    for day, amount in expected:
        eod_run(BusinessDay.objects.get().business_date, day, partitions=1)
        assert _accrued(1) == D(amount), day
    # Each day posts only the increase: Dr interest receivable on the loan, Cr interest income.
    assert _lines(date(2024, 1, 17)) == [("1132", "AL0001", D("88.26"), D("0")), ("6011", "", D("0"), D("88.26"))]
    assert _lines(date(2024, 2, 15)) == [("1132", "AL0001", D("88.25"), D("0")), ("6011", "", D("0"), D("88.25"))]
    assert _lines(START) == []  # nothing elapsed on the disbursement day

    eod_run(date(2024, 2, 16), partitions=1)  # month 2 starts: 2,732.48 ÷ 29 = 94.22
    assert (_accrued(1), _accrued(2)) == (D("2735.83"), D("94.22"))
    loan.refresh_from_db()
    assert loan.interest_receivable == D("2830.05")
    assert loan.accrued_through == date(2024, 2, 16)
    assert BusinessDay.objects.get().business_date == date(2024, 2, 17)
    assert ledger_balanced() and not subledger_differences()


def test_catch_up_over_a_gap_recognises_the_full_due_at_once() -> None:
    loan_book()
    eod_run(START, date(2024, 2, 20), partitions=2, chunk=1)
    assert (_accrued(1), _accrued(2)) == (D("2735.83"), D("471.12"))  # 2,732.48 × 5 ÷ 29 = 471.117
    assert ledger_balanced() and not subledger_differences()


def test_fees_become_receivable_on_their_due_date() -> None:
    loan = loan_book(fee_per_installment=D("50.00"))
    eod_run(START, date(2024, 2, 14), partitions=1)
    assert Installment.objects.get(loan=loan, n=1).fee_recognized == D("0.00")
    eod_run(date(2024, 2, 15), partitions=1)
    assert Installment.objects.get(loan=loan, n=1).fee_recognized == D("50.00")
    assert Installment.objects.get(loan=loan, n=2).fee_recognized == D("0.00")
    assert ("1133", "AL0001", D("50.00"), D("0")) in _lines(date(2024, 2, 15))
    assert ("6021", "", D("0"), D("50.00")) in _lines(date(2024, 2, 15))
    loan.refresh_from_db()
    assert loan.fee_receivable == D("50.00")
    eod_run(date(2024, 2, 16), partitions=1)  # recognised once only
    loan.refresh_from_db()
    assert loan.fee_receivable == D("50.00")
    assert ledger_balanced() and not subledger_differences()


def test_interest_a_payment_recognised_early_is_never_taken_back() -> None:
    loan = loan_book()
    eod_run(START, date(2024, 1, 20), partitions=1)
    # A payoff recognised the whole of month 1 on 2024-01-20 (as the services engineer's payment would).
    due = Installment.objects.get(loan=loan, n=1)
    assert due.interest_accrued == D("441.26")
    Installment.objects.filter(pk=due.pk).update(interest_accrued=D("2735.83"))
    Loan.objects.filter(pk=loan.pk).update(interest_receivable=D("2735.83"))
    interest_recognise(loan.number, D("2294.57"), date(2024, 1, 20))
    eod_run(date(2024, 1, 21), date(2024, 1, 25), partitions=1)
    assert Installment.objects.get(loan=loan, n=1).interest_accrued == D("2735.83")
    assert _lines(date(2024, 1, 21)) == []  # target 529.52 < 2,735.83: nothing posted
    assert ledger_balanced() and not subledger_differences()
