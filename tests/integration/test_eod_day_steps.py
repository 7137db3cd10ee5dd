"""The day steps other apps register (AUTOLEND_EOD_DAY_STEPS) run after the partition units, in
their order, before the close; each once per date (EodRun (D, 0, step)); a step that fails leaves
the date open, and the next run skips the steps that finished and completes the date."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from autolend.servicing.eod import EodError, eod_run
from autolend.servicing.eod.day_steps import day_steps
from autolend.servicing.models import BusinessDay, EodRun, Loan
from autolend.servicing.selectors import business_date_current
from autolend.servicing.testing import disbursed_loan, fresh_books

pytestmark = pytest.mark.django_db
DAY = date(2024, 2, 20)  # five days after the first due (2024-02-15), never paid
CALLS: list[tuple[str, date, int]] = []
FAIL: set[str] = set()
HERE = "tests.integration.test_eod_day_steps"
STEPS = [("first", f"{HERE}.first_step"), ("second", f"{HERE}.second_step"), ("third", f"{HERE}.third_step")]


def _step(name: str, day: date) -> dict[str, int]:
    # the units ran before: the loan's days past due are already those of ``day``
    dpd = Loan.objects.get().days_past_due
    CALLS.append((name, day, dpd))
    if name in FAIL:
        raise RuntimeError(f"{name} failed")
    return {"dpd": dpd}


def first_step(day: date) -> dict[str, int]:
    return _step("first", day)


def second_step(day: date) -> dict[str, int]:
    return _step("second", day)


def third_step(day: date) -> list[str]:
    _step("third", day)
    return ["A-1", "A-2"]


@pytest.fixture(autouse=True)
def book() -> None:
    fresh_books()
    disbursed_loan()
    BusinessDay.objects.update_or_create(id=1, defaults={"business_date": DAY})
    CALLS.clear()
    FAIL.clear()


def day_rows() -> list[str]:
    return list(EodRun.objects.filter(business_date=DAY, partition=0).order_by("pk").values_list("step", flat=True))


@override_settings(AUTOLEND_EOD_DAY_STEPS=STEPS)
def test_steps_run_in_order_after_the_units_and_before_the_close() -> None:
    (result,) = eod_run(DAY, partitions=2)
    assert CALLS == [("first", DAY, 5), ("second", DAY, 5), ("third", DAY, 5)]
    assert result.as_json()["steps"] == {
        "first": {"dpd": 5}, "second": {"dpd": 5}, "third": {"count": 2, "items": ["A-1", "A-2"]}}
    assert day_rows() == ["plan 2x20000", "first", "second", "third", "close"]
    assert business_date_current() == date(2024, 2, 21)


@override_settings(AUTOLEND_EOD_DAY_STEPS=STEPS)
def test_a_closed_date_runs_no_step_again() -> None:
    eod_run(DAY, partitions=1)
    CALLS.clear()
    (again,) = eod_run(DAY, partitions=1)
    assert again.skipped and CALLS == []


@override_settings(AUTOLEND_EOD_DAY_STEPS=STEPS)
def test_a_failing_step_leaves_the_date_open_and_the_rerun_finishes_it() -> None:
    FAIL.add("second")
    with pytest.raises(RuntimeError, match="second failed"):
        eod_run(DAY, partitions=1)
    assert business_date_current() == DAY  # not closed
    assert day_rows() == ["plan 1x20000", "first"]  # the failed step left no row
    FAIL.clear()
    CALLS.clear()
    (result,) = eod_run(DAY, partitions=1)
    assert [name for name, _, _ in CALLS] == ["second", "third"]  # first is not repeated
    assert result.steps["first"] == {"skipped": True} and result.steps["second"] == {"dpd": 5}
    assert day_rows() == ["plan 1x20000", "first", "second", "third", "close"]
    assert business_date_current() == date(2024, 2, 21)


def test_the_close_refuses_while_a_registered_step_is_not_done() -> None:
    from autolend.servicing.eod.plan import Plan
    from autolend.servicing.eod.runner import DayResult, _close

    with override_settings(AUTOLEND_EOD_DAY_STEPS=STEPS[:1]):
        eod_run(DAY, partitions=1)  # DAY closed with one step
    nxt = date(2024, 2, 21)
    with override_settings(AUTOLEND_EOD_DAY_STEPS=STEPS[:1]):
        FAIL.add("first")
        with pytest.raises(RuntimeError):
            eod_run(nxt, partitions=1)
        with pytest.raises(EodError, match="day step first is not done"):
            _close(nxt, Plan(1, 20000), DayResult(nxt))
    assert business_date_current() == nxt


def test_the_default_steps_and_a_bad_setting() -> None:
    assert [s.name for s in day_steps()] == ["applications_expire", "collateral_secure", "collateral_daily",
                                             "collections_eod", "reminders_send"]
    with override_settings(AUTOLEND_EOD_DAY_STEPS=[("close", "x.y")]), pytest.raises(ImproperlyConfigured):
        day_steps()
    with override_settings(AUTOLEND_EOD_DAY_STEPS=["autolend.x.y"]), pytest.raises(ImproperlyConfigured):
        day_steps()
