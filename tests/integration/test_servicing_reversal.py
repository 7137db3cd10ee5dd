"""A bounced payment (退票) is reversed: the mirror entry, its dues re-opened exactly as it found
them, the loan's balances restored, and a loan it had paid off active again."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal as D

import pytest

from autolend.integrations.payments import SimulatedGateway
from autolend.servicing.errors import ServicingError
from autolend.servicing.models import LoanStatus, TransactionKind
from autolend.servicing.services import (
    payoff_post,
    repayment_from_gateway,
    repayment_post,
    repayment_reverse,
)
from autolend.servicing.testing import (
    accrue_interest,
    assert_books_clean,
    disbursed_loan,
    dues,
    fresh_books,
    lines,
)

pytestmark = pytest.mark.django_db
FEB15, FEB18 = date(2024, 2, 15), date(2024, 2, 18)
DUE_STATE = ("principal_paid", "interest_paid", "interest_accrued", "interest_waived", "settled_on")


@pytest.fixture(autouse=True)
def clean_books() -> Iterator[None]:
    fresh_books()
    yield
    assert_books_clean()


def _state(loan):  # type: ignore[no-untyped-def]
    loan.refresh_from_db()
    balances = (loan.status, loan.principal_outstanding, loan.interest_receivable, loan.credit_balance, loan.closed_on)
    return balances, [tuple(getattr(r, f) for f in DUE_STATE) for r in dues(loan)]


def test_a_returned_transfer_reopens_its_due() -> None:
    loan = disbursed_loan()
    accrue_interest(loan, 1, D("600.00"), date(2024, 2, 3))  # part of the month's interest accrued by EOD
    before = _state(loan)
    paid = repayment_from_gateway(SimulatedGateway.event("evt-1", loan.number, "9000.00", FEB15), business_date=FEB15)
    assert lines(paid.journal_entry) == [
        ("Dr", "1002", D("9000.00")),
        ("Cr", "1132", D("600.00")),
        ("Cr", "6011", D("400.00")),  # recognised by the payment
        ("Cr", "1301", D("7884.88")),
        ("Cr", "2242", D("115.12")),
    ]
    returned = SimulatedGateway.event("evt-2", loan.number, "9000.00", FEB18, kind="payment.returned",
                                      original_event_id="evt-1")
    reversal = repayment_from_gateway(returned, business_date=FEB18)
    assert reversal.kind == TransactionKind.REVERSAL and reversal.reverses_id == paid.pk
    assert lines(reversal.journal_entry) == [
        ("Cr", "1002", D("9000.00")),
        ("Dr", "1132", D("600.00")),
        ("Dr", "6011", D("400.00")),
        ("Dr", "1301", D("7884.88")),
        ("Dr", "2242", D("115.12")),
    ]
    assert _state(loan) == before  # interest_accrued back to EOD's 600.00, settled_on cleared
    assert repayment_from_gateway(returned, business_date=FEB18) == reversal  # redelivered: same result
    with pytest.raises(ServicingError) as twice:
        repayment_reverse(paid, FEB18, "again", idempotency_key="another-key")
    assert twice.value.field == "transaction"


def test_reversing_a_payoff_makes_the_loan_active_again() -> None:
    loan = disbursed_loan()
    repayment_post(loan.number, "8884.88", FEB15, "pay-1")
    before = _state(loan)
    payoff = payoff_post(loan.number, "92597.58", date(2024, 2, 29), "payoff")  # 92,115.12 + 921.15 × 14/29
    loan.refresh_from_db()
    assert loan.status == LoanStatus.PAID_OFF
    repayment_reverse(payoff, date(2024, 3, 4), "cheque bounced")
    assert _state(loan) == before  # waivers undone, closed_on cleared
    assert _state(loan)[0][0] == LoanStatus.ACTIVE


def test_a_payment_can_only_be_reversed_while_its_credit_is_still_held() -> None:
    from autolend.servicing.services import overpayment_refund

    loan = disbursed_loan()
    paid = repayment_post(loan.number, "9000.00", FEB15, "pay-1")
    overpayment_refund(loan.number, account="6222020000765432", business_date=FEB15, idempotency_key="refund")
    with pytest.raises(ServicingError) as refused:
        repayment_reverse(paid, FEB18, "bounced")
    assert "refunded" in refused.value.message
