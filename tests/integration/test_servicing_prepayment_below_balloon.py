"""Prepaying a balloon loan down to (or below) its balloon.

Found by the servicing state machine: ``prepayment_post`` rebuilds the schedule for the principal
left with the loan's original balloon, so when the principal left is not more than the balloon
``kernel.schedule`` rejects the terms and the prepayment is refused on field "balloon" ("must be
more than zero and less than the principal") — a field the caller never sent. Now it is
refused on "amount" with a message that says why (the balloon is not prepaid; pay the loan off). ``restructure_approve`` refuses the same way on such a loan.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from autolend.servicing.errors import ServicingError
from autolend.servicing.services import prepayment_post
from autolend.servicing.testing import disbursed_loan, fresh_books

pytestmark = pytest.mark.django_db
DAY = date(2024, 1, 20)


def test_prepaying_down_to_the_balloon_is_refused_on_the_amount_saying_why() -> None:
    fresh_books()
    loan = disbursed_loan(method="balloon", balloon=D("30000.00"))  # 100,000.00, balloon 30,000.00
    with pytest.raises(ServicingError) as refused:
        prepayment_post(loan.number, "80000.00", DAY, "prepay-below-balloon")  # leaves < 30,000 of principal
    assert refused.value.field == "amount"
    message = refused.value.message  # 80,000.00 pays the interest to date first, the rest principal
    assert message.startswith("would leave 20") and "not more than the balloon 30000.00: prepay less than 70000.00 or " \
        "pay the loan off" in message
    loan.refresh_from_db()
    assert loan.principal_outstanding == D("100000.00") and not loan.transactions.filter(kind="prepayment").exists()
