"""Restructure (重组/展期) with maker-checker: schedule version 2 over all the principal owed.

Nothing was repaid; on 2024-04-01 instalments 1 and 2 are overdue (EOD accrued their interest,
1,000.00 and 921.15, and 200.00 of period 3; a 25.00 penalty was charged). The new terms: 24
months at 10% from 04-01 (level pmt(10%/12, 24, 100,000) = 4,614.49). Carried into one arrears
row due with the first new instalment: interest 1,000.00 + 921.15 + period 3 earned to 04-01
(841.51 × 17/31 = 461.47) = 2,382.62 (261.47 of it recognised now), and the 25.00 penalty.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal as D

import pytest

from autolend.servicing.errors import ServicingError
from autolend.servicing.models import LoanStatus, LoanTransaction, TransactionKind
from autolend.servicing.selectors import loan_detail
from autolend.servicing.services import penalty_charge, restructure_approve, restructure_request
from autolend.servicing.testing import (
    accrue_interest,
    assert_books_clean,
    disbursed_loan,
    dues,
    fresh_books,
    lines,
    staff,
)

pytestmark = pytest.mark.django_db
APR1 = date(2024, 4, 1)


@pytest.fixture(autouse=True)
def clean_books() -> Iterator[None]:
    fresh_books()
    yield
    assert_books_clean()


def test_restructure_makes_version_2_and_carries_the_arrears() -> None:
    loan = disbursed_loan()
    accrue_interest(loan, 1, D("1000.00"), date(2024, 2, 15))
    accrue_interest(loan, 2, D("921.15"), date(2024, 3, 15))
    accrue_interest(loan, 3, D("200.00"), date(2024, 3, 25))
    penalty_charge(loan.number, 1, D("25.00"), date(2024, 3, 25))

    request = restructure_request(loan, installments=24, annual_rate="10", actor=staff("maker"),
                                  business_date=APR1, reason="job loss; income restored")
    with pytest.raises(ServicingError) as own:
        restructure_approve(request, staff("maker"), APR1)
    assert own.value.field == "checker"

    txn = restructure_approve(request, staff("checker"), APR1)
    assert txn.kind == TransactionKind.RESTRUCTURE and txn.amount == D("100000.00")
    assert lines(txn.journal_entry) == [("Dr", "1132", D("261.47")), ("Cr", "6011", D("261.47"))]
    rows = dues(loan)
    arrears, first, last = rows[0], rows[1], rows[-1]
    assert (arrears.kind, arrears.version, arrears.from_date, arrears.due_date) == ("arrears", 2, APR1, date(2024, 5, 1))
    assert (arrears.interest, arrears.interest_accrued, arrears.penalty) == (D("2382.62"), D("2382.62"), D("25.00"))
    assert (first.due_date, first.principal, first.interest) == (date(2024, 5, 1), D("3781.16"), D("833.33"))
    assert (last.due_date, last.principal, last.interest) == (date(2026, 4, 1), D("4576.43"), D("38.14"))
    assert len(rows) == 25 and sum(r.principal for r in rows) == D("100000.00")
    loan.refresh_from_db()
    assert (loan.status, loan.schedule_version, loan.annual_rate) == (LoanStatus.ACTIVE, 2, D("10"))
    assert (loan.restructured_until, loan.maturity_date, loan.installments) == (date(2024, 9, 28), date(2026, 4, 1), 24)
    assert (loan.interest_receivable, loan.penalty_receivable) == (D("2382.62"), D("25.00"))
    # Nothing is overdue any more: the borrower is current under the new schedule.
    assert {row["status"] for row in loan_detail(loan.number, as_of=APR1)["schedule"]} == {"future"}


def test_a_rejected_restructure_changes_nothing() -> None:
    from autolend.servicing.services import approval_reject

    loan = disbursed_loan()
    request = restructure_request(loan, installments=24, actor=staff("maker"), business_date=APR1)
    approval_reject(request, staff("checker"), APR1, "income not verified")
    with pytest.raises(ServicingError):
        restructure_approve(request, staff("checker"), APR1)
    loan.refresh_from_db()
    assert loan.schedule_version == 1
    assert not LoanTransaction.objects.filter(kind=TransactionKind.RESTRUCTURE).exists()


def test_after_a_restructure_the_arrears_stay_owed_through_a_prepayment_and_a_payoff() -> None:
    from autolend.servicing.selectors import payoff_quote_for
    from autolend.servicing.services import payoff_post, prepayment_post

    loan = disbursed_loan()
    penalty_charge(loan.number, 1, D("25.00"), date(2024, 3, 25))
    request = restructure_request(loan, installments=24, annual_rate="10", actor=staff("maker"), business_date=APR1)
    restructure_approve(request, staff("checker"), APR1)
    arrears = dues(loan)[0]
    assert (arrears.kind, arrears.interest, arrears.penalty) == ("arrears", D("2382.62"), D("25.00"))

    prepayment_post(loan.number, "10000.00", date(2024, 4, 10), "pre")  # nothing due yet: all to principal
    arrears.refresh_from_db()
    assert arrears.is_current and arrears.interest_paid == 0  # not replaced, still owed on 05-01
    quote = payoff_quote_for(loan.number, date(2024, 4, 20))
    assert (quote.penalties, quote.interest >= D("2382.62")) == (D("25.00"), True)
    payoff_post(loan.number, quote.total, date(2024, 4, 20), "payoff")
    arrears.refresh_from_db()
    assert (arrears.interest_paid, arrears.interest_waived, arrears.penalty_paid) == (D("2382.62"), 0, D("25.00"))
