"""A case opens at the first missed due, follows the loan's bucket, and closes cured at DPD 0."""

from __future__ import annotations

from datetime import timedelta

import pytest

from autolend.collections.models import CollectionCase
from autolend.collections.testing import DAY, dpd_set, loan_at, run

pytestmark = pytest.mark.django_db


def test_case_opens_follows_bucket_and_closes_when_cured() -> None:
    loan = loan_at("C1", 0)
    assert run(DAY).opened == 0
    dpd_set(loan, 1)
    day = run(DAY + timedelta(days=1))
    assert day.opened == 1 and day.snapshots == 1
    case = CollectionCase.objects.get(loan=loan)
    assert (case.status, case.bucket, case.dpd, case.opened_on) == ("open", "M1", 1, DAY + timedelta(days=1))
    dpd_set(loan, 35)
    assert run(DAY + timedelta(days=2)).opened == 0  # one open case a loan
    case.refresh_from_db()
    assert (case.bucket, case.max_dpd) == ("M2", 35)
    dpd_set(loan, 0)
    assert run(DAY + timedelta(days=3)).closed == 1
    case.refresh_from_db()
    assert (case.status, case.close_reason, case.closed_on) == ("closed", "cured", DAY + timedelta(days=3))
    dpd_set(loan, 2)
    run(DAY + timedelta(days=4))
    again = CollectionCase.objects.get(loan=loan, status="open")
    assert again.prior_cases == 1  # payment history feeds the behaviour score
    assert run(DAY + timedelta(days=4)).opened == 0  # repeating the date changes nothing
