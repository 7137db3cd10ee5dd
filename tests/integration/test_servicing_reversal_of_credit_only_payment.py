"""Reversing a payment that paid no due (it all went to credit balance) on a paid-off loan.

Found by the servicing state machine: the reversal takes the credit back but re-opens no due, yet
``repayment_reverse`` moves every paid-off loan back to active. The loan is then active while it
owes nothing (every due settled, principal 0): its payoff quote is 0.00, which ``payoff_post``
refuses ("amount: must be greater than zero"). It should stay paid off.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from autolend.servicing.models import LoanStatus
from autolend.servicing.selectors import payoff_quote_for
from autolend.servicing.services import payoff_post, repayment_post, repayment_reverse
from autolend.servicing.testing import assert_books_clean, disbursed_loan, fresh_books

pytestmark = pytest.mark.django_db
DAY = date(2024, 1, 15)


def test_reversing_a_credit_only_payment_leaves_a_paid_off_loan_paid_off() -> None:
    fresh_books()
    loan = disbursed_loan()
    to_credit = repayment_post(loan.number, "500.00", DAY, "nothing-due-yet")  # nothing is due: all credit
    assert (to_credit.principal, to_credit.overpayment) == (D("0.00"), D("500.00"))
    payoff_post(loan.number, payoff_quote_for(loan.number, DAY).total, DAY, "payoff")

    repayment_reverse(to_credit, DAY, "returned by the bank")

    loan.refresh_from_db()
    assert_books_clean()
    assert (loan.credit_balance, loan.principal_outstanding) == (D("0.00"), D("0.00"))
    assert loan.status == LoanStatus.PAID_OFF
