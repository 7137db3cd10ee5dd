"""Promises to pay are kept when repayments since the promise reach the amount by the due date,
broken when the date passes without it (evaluated by collections EOD from actual payments)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from autolend.collections.models import CollectionCase
from autolend.collections.services import arrangement_create, promise_create
from autolend.collections.testing import collector, dpd_set, run
from autolend.servicing.services import repayment_post
from autolend.servicing.testing import disbursed_loan, fresh_books

pytestmark = pytest.mark.django_db


@pytest.fixture
def case() -> CollectionCase:
    fresh_books()
    loan = disbursed_loan()
    dpd_set(loan, 2)  # the 2024-02-15 instalment (8,884.88) missed
    run(date(2024, 2, 17))
    return CollectionCase.objects.get(loan=loan)


def test_kept_when_paid_by_the_date(case: CollectionCase) -> None:
    who = collector("li")
    promise = promise_create(case, who, date(2024, 2, 17), amount="5000", due_on=date(2024, 2, 20))
    repayment_post(case.loan.number, Decimal("3000"), date(2024, 2, 18), "p1")
    assert run(date(2024, 2, 18)).promises_kept == 0
    repayment_post(case.loan.number, Decimal("2000"), date(2024, 2, 19), "p2")
    assert run(date(2024, 2, 19)).promises_kept == 1
    promise.refresh_from_db()
    assert (promise.status, promise.paid, promise.evaluated_on) == ("kept", Decimal("5000.00"), date(2024, 2, 19))


def test_broken_when_the_date_passes(case: CollectionCase) -> None:
    who = collector("li")
    first, second = arrangement_create(case, who, date(2024, 2, 17),
                                       [("1000", date(2024, 2, 20)), ("1000", date(2024, 3, 5))])
    assert first.arrangement == second.arrangement
    repayment_post(case.loan.number, Decimal("500"), date(2024, 2, 20), "p1")
    assert run(date(2024, 2, 19)).promises_broken == 0
    assert run(date(2024, 2, 20)).promises_broken == 1
    first.refresh_from_db()
    second.refresh_from_db()
    case.refresh_from_db()
    assert (first.status, first.paid) == ("broken", Decimal("500.00"))
    assert second.status == "open"
    assert case.broken_promises == 1
    assert case.score == 800 - 2 * 2 - 50  # DPD 2, one broken promise


def test_refused_input(case: CollectionCase) -> None:
    with pytest.raises(ValueError, match="amount"):
        promise_create(case, None, date(2024, 2, 17), amount="0", due_on=date(2024, 2, 20))
    with pytest.raises(ValueError, match="due_on"):
        promise_create(case, None, date(2024, 2, 17), amount="10", due_on=date(2024, 2, 16))
