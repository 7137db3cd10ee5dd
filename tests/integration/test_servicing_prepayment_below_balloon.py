"""Prepaying a balloon loan down to (or below) its balloon.

Found by the servicing state machine: ``prepayment_post`` rebuilds the schedule for the principal
left with the loan's original balloon, so when the principal left is not more than the balloon
``kernel.schedule`` rejects the terms and the prepayment is refused on field "balloon" ("must be
more than zero and less than the principal") — a field the caller never sent. Expected: the
prepayment is accepted (the balloon is capped at what is left), or refused on "amount" with a
message that says why. ``restructure_approve`` refuses the same way on such a loan.
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


@pytest.mark.xfail(strict=True, reason="the rebuilt schedule keeps a balloon ≥ the principal left: refused on "
                   "'balloon' (src/autolend/servicing/services/prepayment.py _reschedule)")
def test_prepaying_below_the_balloon_is_not_refused_on_a_field_the_caller_never_sent() -> None:
    fresh_books()
    loan = disbursed_loan(method="balloon", balloon=D("30000.00"))  # 100,000.00, balloon 30,000.00

    try:
        prepayment_post(loan.number, "80000.00", DAY, "prepay-below-balloon")  # leaves < 30,000 of principal
    except ServicingError as exc:
        assert exc.field == "amount", exc
