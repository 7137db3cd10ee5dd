"""Payoff (提前结清) with a quote valid to a date: accrued interest, early-settlement fee, waivers.

Instalment 1 was paid on 2024-02-15; principal left 92,115.12. EOD accrued 317.64 of period 2
(02-15 → 03-15, 29 days, interest 921.15) by 02-25. A quote made 02-25, valid until 02-29:
interest to 02-29 = 921.15 × 14/29 = 444.69; early-settlement fee 3% while at most 6 instalments
have fallen due (1 has) = 2,763.45; total 92,115.12 + 444.69 + 2,763.45 = 95,323.26.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal as D

import pytest

from autolend.ledger.models import JournalLine
from autolend.servicing.errors import ServicingError
from autolend.servicing.models import LoanStatus
from autolend.servicing.selectors import payoff_quote_for, quote_json
from autolend.servicing.services import payoff_post, penalty_charge, repayment_post
from autolend.servicing.testing import (
    accrue_interest,
    assert_books_clean,
    disbursed_loan,
    dues,
    fresh_books,
    lines,
)

pytestmark = pytest.mark.django_db
BANDS = ((6, D("3")), (None, D("1")))


@pytest.fixture(autouse=True)
def clean_books() -> Iterator[None]:
    fresh_books()
    yield
    assert_books_clean()


def test_paying_the_quote_settles_everything() -> None:
    loan = disbursed_loan(settlement_fee_bands=BANDS)
    repayment_post(loan.number, "8884.88", date(2024, 2, 15), "pay-1")
    accrue_interest(loan, 2, D("317.64"), date(2024, 2, 25))
    quote = payoff_quote_for(loan.number, date(2024, 2, 25), date(2024, 2, 29))
    assert quote_json(quote) == {
        "as_of": "2024-02-25", "valid_until": "2024-02-29", "overdue_principal": "0.00",
        "future_principal": "92115.12", "principal": "92115.12", "interest": "444.69", "fees": "0.00",
        "penalties": "0.00", "settlement_fee": "2763.45", "per_diem": "31.76", "total": "95323.26",
    }

    txn = payoff_post(loan.number, "95323.26", date(2024, 2, 27), "payoff-1", valid_until=date(2024, 2, 29))
    assert lines(txn.journal_entry) == [
        ("Dr", "1002", D("95323.26")),
        ("Cr", "1132", D("317.64")),  # what EOD had accrued
        ("Cr", "6011", D("127.05")),  # the rest of the interest to 02-29, recognised now
        ("Cr", "1301", D("92115.12")),
        ("Cr", "6021", D("2763.45")),  # early-settlement fee
    ]
    loan.refresh_from_db()
    assert (loan.status, loan.closed_on) == (LoanStatus.PAID_OFF, date(2024, 2, 27))
    assert [loan.principal_outstanding, loan.interest_receivable, loan.fee_receivable, loan.penalty_receivable,
            loan.credit_balance] == [0, 0, 0, 0, 0]
    rows = dues(loan)
    assert (rows[1].interest_paid, rows[1].interest_waived, rows[1].interest_accrued) == (D("444.69"), D("476.46"), D("444.69"))
    assert all(r.interest_waived == r.interest and r.interest_paid == 0 for r in rows[2:])  # unearned: never charged
    assert all(r.settled_on == date(2024, 2, 27) for r in rows[1:])


def test_overdue_dues_penalties_and_fees_with_full_period_interest() -> None:
    loan = disbursed_loan(fee_per_installment=D("50.00"), payoff_current_interest="full-period")
    penalty_charge(loan.number, 1, D("10.00"), date(2024, 3, 1))
    quote = payoff_quote_for(loan.number, date(2024, 3, 20))
    # Overdue: 1,000.00 + 921.15 interest, 2 × 50.00 fees; current period 03-15 → 04-15 in full: 841.51.
    assert (quote.principal, quote.interest, quote.fees, quote.penalties, quote.total) == (
        D("100000.00"), D("2762.66"), D("100.00"), D("10.00"), D("102872.66"))
    txn = payoff_post(loan.number, "103000.00", date(2024, 3, 20), "payoff-2")
    assert lines(txn.journal_entry) == [
        ("Dr", "1002", D("103000.00")),
        ("Cr", "1134", D("10.00")),
        ("Cr", "6021", D("100.00")),
        ("Cr", "6011", D("2762.66")),
        ("Cr", "1301", D("100000.00")),
        ("Cr", "2242", D("127.34")),  # paid more than the quote: kept as credit
    ]
    rows = dues(loan)
    assert all(r.fee_waived == D("50.00") and r.fee_paid == 0 for r in rows[2:])
    loan.refresh_from_db()
    assert (loan.status, loan.credit_balance) == (LoanStatus.PAID_OFF, D("127.34"))


def test_short_or_expired_payoffs_are_refused() -> None:
    loan = disbursed_loan(settlement_fee_bands=BANDS)
    before = JournalLine.objects.count()
    with pytest.raises(ServicingError) as short:
        payoff_post(loan.number, "90000.00", date(2024, 2, 1), "po-short")
    assert short.value.field == "amount" and "payoff amount" in short.value.message
    with pytest.raises(ServicingError) as expired:
        payoff_post(loan.number, "200000.00", date(2024, 2, 1), "po-old", valid_until=date(2024, 1, 31))
    assert expired.value.field == "valid_until"
    assert JournalLine.objects.count() == before
    loan.refresh_from_db()
    assert loan.status == LoanStatus.ACTIVE
