"""Paying off a loan whose schedule has dues of 0.00 (a 0% interest-only loan's interim rows).

Found by the servicing state machine: a due that never owed anything is never marked settled
(``mark_settled`` only marks rows a payment changed), so ``_common.settled_after`` must judge a
later due by what it still owes, not by ``settled_on``; otherwise the payoff is not judged complete
and ``payoff_post`` fails instead of paying the loan off.
"""

from __future__ import annotations

from datetime import date

import pytest

from autolend.servicing.models import LoanStatus
from autolend.servicing.selectors import payoff_quote_for
from autolend.servicing.services import payoff_post
from autolend.servicing.testing import assert_books_clean, disbursed_loan, fresh_books

pytestmark = pytest.mark.django_db
DAY = date(2024, 1, 15)


def test_a_loan_with_zero_dues_is_paid_off_by_its_quote() -> None:
    fresh_books()
    loan = disbursed_loan(annual_rate="0", method="interest-only", installments=3)  # dues 1, 2: 0.00
    quote = payoff_quote_for(loan.number, DAY)

    payoff_post(loan.number, quote.total, DAY, "payoff")

    loan.refresh_from_db()
    assert_books_clean()
    assert (loan.status, loan.principal_outstanding) == (LoanStatus.PAID_OFF, 0)
