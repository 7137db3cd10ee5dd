"""`autolend eod --date D [--to D2] --json`: closes each date in order with progress on stderr
and moves the business date; a closed date is skipped; a date that is not the business date, or
--to before --date, exits 2 with one line."""

from __future__ import annotations

import json
from datetime import date

import pytest
from tests.integration.interfaces_fixtures import active_loan, business_date_set, run

from autolend.servicing.models import Loan
from autolend.servicing.selectors import business_date_current
from autolend.servicing.testing import fresh_books

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def loan() -> None:
    fresh_books()
    active_loan()
    business_date_set(date(2024, 1, 15))


def test_closes_a_range_of_dates(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "eod", "--date", "2024-01-15", "--to", "2024-01-17", "--partitions", "2", "--json")
    assert status == 0, err
    days = json.loads(out)
    assert [(d["business_date"], d["skipped"], d["loans"]) for d in days] == [
        ("2024-01-15", False, 1), ("2024-01-16", False, 1), ("2024-01-17", False, 1)]
    assert "eod 2024-01-17" in err  # progress
    assert str(business_date_current()) == "2024-01-18"
    assert str(Loan.objects.get().accrued_through) == "2024-01-17"

    again = run(capsys, "eod", "--date", "2024-01-17")
    assert again[0] == 0 and "2024-01-17  already closed, skipped" in again[1]


@pytest.mark.parametrize(("args", "message"), [
    (["--date", "2024-01-16"], "the business date is 2024-01-15"),
    (["--date", "2024-01-15", "--to", "2024-01-14"], "--to: 2024-01-14 is before --date 2024-01-15"),
    (["--date", "15/01/2024"], "--date: '15/01/2024' is not a date"),
    (["--date", "2024-01-15", "--partitions", "0"], "not a partition count"),
])
def test_a_wrong_date_exits_2(capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    status, out, err = run(capsys, "eod", *args)
    assert (status, out) == (2, "")
    assert message in err and len(err.strip().splitlines()) == 1
    assert str(business_date_current()) == "2024-01-15"
