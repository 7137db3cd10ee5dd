"""Partial prepayment (部分提前还款): what is due first, then principal; a new schedule version.

On 2024-02-15 the borrower pays instalment 1 (8,884.88) and 20,000.00 more. Principal left:
92,115.12 − 20,000.00 = 72,115.12, from 2024-02-15, first due 2024-03-15, 1% a month:
* reduce_installment keeps the 11 dues left: level pmt(1%, 11, 72,115.12) = 6,955.80;
* reduce_term keeps the instalment at most 8,884.88: 9 dues (pmt 8,418.75; 8 dues would be 9,424.75).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal as D

import numpy_financial as npf
import pytest

from autolend.ledger.models import JournalLine
from autolend.servicing.errors import ServicingError
from autolend.servicing.models import Installment, ScheduleVersion
from autolend.servicing.services import prepayment_post, repayment_post, repayment_reverse
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


def _rows(loan):  # type: ignore[no-untyped-def]
    return [(r.n, r.version, r.from_date, r.due_date, r.principal, r.interest) for r in dues(loan)]


def test_reduce_installment_keeps_the_maturity_and_lowers_the_instalment() -> None:
    loan = disbursed_loan()
    txn = prepayment_post(loan.number, "28884.88", FEB15, "pre-1", mode="reduce_installment")
    assert lines(txn.journal_entry) == [
        ("Dr", "1002", D("28884.88")),
        ("Cr", "6011", D("1000.00")),
        ("Cr", "1301", D("27884.88")),  # 7,884.88 due + 20,000.00 prepaid
    ]
    rows = _rows(loan)
    assert rows[0] == (1, 1, date(2024, 1, 15), FEB15, D("7884.88"), D("1000.00"))
    assert rows[1] == (2, 2, FEB15, FEB15, D("20000.00"), D("0.00"))  # the prepayment row, settled
    assert [r.kind for r in dues(loan)[:3]] == ["installment", "prepayment", "installment"]
    assert rows[2] == (3, 2, FEB15, date(2024, 3, 15), D("6234.65"), D("721.15"))
    assert rows[3] == (4, 2, date(2024, 3, 15), date(2024, 4, 15), D("6297.00"), D("658.80"))
    assert rows[-1] == (13, 2, date(2024, 12, 15), date(2025, 1, 15), D("6886.89"), D("68.87"))
    assert sum(r[4] for r in rows[2:]) == D("72115.12")
    version = ScheduleVersion.objects.get(loan=loan, version=2)
    assert version.regular_installment == D("6955.80") == round(D(npf.pmt(0.01, 11, -72115.12)), 2)
    loan.refresh_from_db()
    assert (loan.schedule_version, loan.maturity_date, loan.installments) == (2, date(2025, 1, 15), 12)
    assert loan.principal_outstanding == D("72115.12")
    superseded = Installment.objects.filter(loan=loan, is_current=False)
    assert sorted(superseded.values_list("n", flat=True)) == list(range(2, 13))


def test_reduce_term_keeps_the_instalment_and_shortens_the_term() -> None:
    loan = disbursed_loan()
    prepayment_post(loan.number, "28884.88", FEB15, "pre-1", mode="reduce_term")
    rows = _rows(loan)
    assert len(rows) == 2 + 9
    assert rows[2] == (3, 2, FEB15, date(2024, 3, 15), D("7697.60"), D("721.15"))
    assert rows[-1] == (11, 2, date(2024, 10, 15), date(2024, 11, 15), D("8335.36"), D("83.35"))
    assert ScheduleVersion.objects.get(loan=loan, version=2).regular_installment == D("8418.75")
    assert round(D(npf.pmt(0.01, 8, -72115.12)), 2) > D("8884.88") >= D("8418.75")
    loan.refresh_from_db()
    assert (loan.maturity_date, loan.installments) == (date(2024, 11, 15), 10)  # 1 paid + 9 new


def test_mid_period_the_interest_to_date_is_paid_and_eod_accrual_cleared() -> None:
    loan = disbursed_loan()
    repayment_post(loan.number, "8884.88", FEB15, "pay-1")
    accrue_interest(loan, 2, D("317.64"), date(2024, 2, 25))  # EOD: 10 of the period's 29 days
    txn = prepayment_post(loan.number, "20000.00", date(2024, 3, 1), "pre-2")
    # Interest to 03-01: 921.15 × 15/29 = 476.46, of which EOD had accrued 317.64.
    assert lines(txn.journal_entry) == [
        ("Dr", "1002", D("20000.00")),
        ("Cr", "1132", D("317.64")),
        ("Cr", "6011", D("158.82")),
        ("Cr", "1301", D("19523.54")),
    ]
    rows = _rows(loan)
    assert rows[1] == (2, 2, FEB15, date(2024, 3, 1), D("19523.54"), D("476.46"))
    # 72,591.58 from 03-01; the first period is 14 days (14/31 of a month): 327.83 interest.
    assert rows[2] == (3, 2, date(2024, 3, 1), date(2024, 3, 15), D("6673.92"), D("327.83"))
    assert sum(r[4] for r in rows[2:]) == D("72591.58")
    assert ScheduleVersion.objects.get(loan=loan, version=2).regular_installment == D("7001.75")


def test_refused_prepayments_write_nothing() -> None:
    loan = disbursed_loan()
    before = JournalLine.objects.count()
    cases = [
        ("5000.00", "amount"),  # does not even cover what is due
        ("8884.88", "amount"),  # nothing left for principal
        ("101000.00", "amount"),  # 8,884.88 due + all 92,115.12 of principal: a payoff
    ]
    for amount, field in cases:
        with pytest.raises(ServicingError) as refused:
            prepayment_post(loan.number, amount, FEB15, f"pre-{amount}")
        assert refused.value.field == field
    with pytest.raises(ServicingError) as bad_mode:
        prepayment_post(loan.number, "28884.88", FEB15, "pre-x", mode="shorter")
    assert bad_mode.value.field == "mode"
    txn = prepayment_post(loan.number, "28884.88", FEB15, "pre-ok")
    with pytest.raises(ServicingError) as not_reversible:
        repayment_reverse(txn, FEB15, "bounced")
    assert not_reversible.value.field == "transaction"
    assert JournalLine.objects.count() == before + 3
