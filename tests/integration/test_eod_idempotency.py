"""EOD is idempotent: a date run twice changes nothing; catching up over several days in one run
gives the same books as running day by day (whatever the partitioning); days run in order."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import transaction
from tests.integration.eod_fixtures import (
    books,
    ledger_balanced,
    scenario_book,
    subledger_differences,
)

from autolend.servicing.eod import EodError, eod_run
from autolend.servicing.eod.day_steps import day_steps
from autolend.servicing.eod.plan import Plan
from autolend.servicing.eod.units import unit_run
from autolend.servicing.models import EodRun

pytestmark = pytest.mark.django_db

FIRST, LAST = date(2024, 1, 10), date(2024, 3, 20)


class _Rollback(Exception):
    pass


def _books_of(run: Callable[[], object]) -> dict[str, Any]:
    """The books after ``scenario_book`` and ``run``, then everything rolled back (a savepoint)."""
    result: dict[str, Any] = {}
    try:
        with transaction.atomic():
            scenario_book()
            run()
            assert ledger_balanced() and not subledger_differences()
            result = books()
            raise _Rollback
    except _Rollback:
        pass
    return result


def test_running_the_same_dates_again_changes_nothing() -> None:
    scenario_book()
    eod_run(FIRST, LAST, partitions=3, chunk=2)
    first = books()
    assert all(day.skipped for day in eod_run(FIRST, LAST, partitions=2))
    assert unit_run(LAST, 1, Plan(3, 2)).skipped  # a finished unit is not run twice
    assert books() == first
    # the plan, each partition's two steps (accrual, provision), the day steps of other apps, the close
    assert EodRun.objects.filter(business_date=LAST).count() == 1 + 3 * 2 + len(day_steps()) + 1


def test_catch_up_over_several_days_equals_day_by_day() -> None:
    def day_by_day() -> None:
        day = FIRST
        while day <= LAST:
            eod_run(day, partitions=2, chunk=5)
            day += timedelta(days=1)

    catch_up = _books_of(lambda: eod_run(FIRST, LAST, partitions=3, chunk=2))
    assert catch_up["business_date"] == LAST + timedelta(days=1)
    assert catch_up == _books_of(day_by_day)


def test_eod_never_skips_a_business_day() -> None:
    scenario_book()  # business date 2024-01-10
    with pytest.raises(EodError, match="the business date is 2024-01-10"):
        eod_run(date(2024, 1, 11))
    with pytest.raises(EodError, match="before"):
        eod_run(date(2024, 1, 10), date(2024, 1, 9))
