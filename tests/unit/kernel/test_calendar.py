"""Repayment calendar: month-end safe due dates, weeks and days, first due date, period counting."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from autolend.kernel.calendar import (
    PeriodUnit,
    add_months,
    add_periods,
    days_in_year,
    due_dates,
    periods_between,
    step_periods,
    whole_periods_back,
)

M, W, DAYS = PeriodUnit.MONTHS, PeriodUnit.WEEKS, PeriodUnit.DAYS


def test_month_end_disbursement_returns_to_the_31st_after_february_leap_year() -> None:
    # Jan 31 + 1 month has no 31st: Feb 29 (2024 is a leap year); March has a 31st again.
    assert due_dates(date(2024, 1, 31), 7, 1, M) == [
        date(2024, 2, 29),
        date(2024, 3, 31),
        date(2024, 4, 30),
        date(2024, 5, 31),
        date(2024, 6, 30),
        date(2024, 7, 31),
        date(2024, 8, 31),
    ]


def test_month_end_disbursement_in_a_common_year_uses_february_28() -> None:
    assert due_dates(date(2023, 1, 31), 3, 1, M) == [date(2023, 2, 28), date(2023, 3, 31), date(2023, 4, 30)]


def test_day_30_anchor_is_kept_across_february() -> None:
    assert due_dates(date(2023, 11, 30), 5, 1, M) == [
        date(2023, 12, 30),
        date(2024, 1, 30),
        date(2024, 2, 29),
        date(2024, 3, 30),
        date(2024, 4, 30),
    ]


def test_dates_do_not_drift_over_a_long_loan() -> None:
    dates = due_dates(date(2024, 1, 31), 60, 1, M)
    assert dates[-1] == date(2029, 1, 31)
    assert all(d.day == 31 for d in dates if d.month in (1, 3, 5, 7, 8, 10, 12))


def test_every_two_months_from_month_end() -> None:
    assert due_dates(date(2023, 12, 31), 4, 2, M) == [
        date(2024, 2, 29),
        date(2024, 4, 30),
        date(2024, 6, 30),
        date(2024, 8, 31),
    ]


def test_quarterly_every_three_months() -> None:
    assert due_dates(date(2024, 1, 15), 3, 3, M) == [date(2024, 4, 15), date(2024, 7, 15), date(2024, 10, 15)]


def test_weekly_and_fortnightly() -> None:
    assert due_dates(date(2024, 1, 1), 3, 1, W) == [date(2024, 1, 8), date(2024, 1, 15), date(2024, 1, 22)]
    assert due_dates(date(2024, 2, 20), 3, 2, W) == [date(2024, 3, 5), date(2024, 3, 19), date(2024, 4, 2)]


def test_every_n_days_crosses_february() -> None:
    assert due_dates(date(2024, 1, 31), 3, 30, DAYS) == [date(2024, 3, 1), date(2024, 3, 31), date(2024, 4, 30)]
    assert due_dates(date(2023, 12, 25), 2, 14, DAYS) == [date(2024, 1, 8), date(2024, 1, 22)]


def test_first_due_date_given_anchors_the_following_dates() -> None:
    # An irregular first period (10 Jan → 29 Feb); the rest fall on the 29th (Feb in 2025: 28th).
    assert due_dates(date(2024, 1, 10), 13, 1, M, first_due=date(2024, 2, 29))[:2] == [
        date(2024, 2, 29),
        date(2024, 3, 29),
    ]
    assert due_dates(date(2024, 1, 10), 13, 1, M, first_due=date(2024, 2, 29))[-1] == date(2025, 2, 28)


def test_first_due_date_on_the_31st() -> None:
    assert due_dates(date(2024, 2, 10), 3, 1, M, first_due=date(2024, 3, 31)) == [
        date(2024, 3, 31),
        date(2024, 4, 30),
        date(2024, 5, 31),
    ]


def test_first_due_date_shorter_than_a_period() -> None:
    assert due_dates(date(2024, 1, 20), 2, 1, M, first_due=date(2024, 2, 5)) == [date(2024, 2, 5), date(2024, 3, 5)]


def test_first_due_date_with_weeks() -> None:
    assert due_dates(date(2024, 1, 1), 3, 1, W, first_due=date(2024, 1, 10)) == [
        date(2024, 1, 10),
        date(2024, 1, 17),
        date(2024, 1, 24),
    ]


def test_add_months_forward_backward_and_anchor() -> None:
    assert add_months(date(2024, 3, 31), -1) == date(2024, 2, 29)
    assert add_months(date(2024, 1, 31), 13) == date(2025, 2, 28)
    assert add_months(date(2024, 2, 29), 1, anchor_day=31) == date(2024, 3, 31)
    assert add_months(date(2024, 12, 15), 1) == date(2025, 1, 15)
    assert add_periods(date(2024, 1, 1), 2, 3, DAYS) == date(2024, 1, 7)
    assert add_periods(date(2024, 1, 1), -1, 1, W) == date(2023, 12, 25)


def test_step_periods_moves_month_end_days_to_the_seed_day() -> None:
    # Fineract's adjustDate: a day of 28+ moves to the seed day when the seed day is after the 28th.
    assert step_periods(date(2023, 2, 28), 1, 1, M, seed_day=31) == date(2023, 3, 31)
    assert step_periods(date(2023, 2, 28), 1, 1, M, seed_day=30) == date(2023, 3, 30)
    assert step_periods(date(2023, 2, 28), 1, 1, M, seed_day=28) == date(2023, 3, 28)
    assert step_periods(date(2023, 2, 28), 1, 1, M) == date(2023, 3, 28)
    assert step_periods(date(2024, 1, 31), 1, 1, M, seed_day=31) == date(2024, 2, 29)
    assert step_periods(date(2024, 1, 1), 2, 1, W, seed_day=31) == date(2024, 1, 15)


def test_periods_between_counts_forward_then_days_over_the_next_period() -> None:
    # 1 Nov → 1 Dec is one month; 1 Dec → 15 Dec is 14 of the 31 days to 1 Jan.
    assert periods_between(date(2022, 11, 1), date(2022, 12, 15), 1, M) == 1 + Fraction(14, 31)
    # 20 Jan → 20 Feb one month; 20 Feb → 5 Mar 2024 is 14 days of the 29 to 20 Mar.
    assert periods_between(date(2024, 1, 20), date(2024, 3, 5), 1, M) == 1 + Fraction(14, 29)
    # Shorter than a period: 16 of the 31 days from 20 Jan to 20 Feb.
    assert periods_between(date(2024, 1, 20), date(2024, 2, 5), 1, M) == Fraction(16, 31)
    assert periods_between(date(2024, 1, 31), date(2024, 2, 29), 1, M, seed_day=31) == 1
    assert periods_between(date(2024, 1, 1), date(2024, 1, 11), 1, W) == 1 + Fraction(3, 7)
    assert periods_between(date(2024, 1, 1), date(2024, 1, 1), 1, M) == 0


def test_whole_periods_back_from_the_due_date() -> None:
    assert whole_periods_back(date(2022, 11, 1), date(2022, 12, 15), 1, M) == (1, date(2022, 11, 15))
    assert whole_periods_back(date(2024, 1, 20), date(2024, 3, 5), 1, M) == (1, date(2024, 2, 5))
    assert whole_periods_back(date(2024, 1, 20), date(2024, 2, 5), 1, M) == (0, date(2024, 2, 5))
    assert whole_periods_back(date(2024, 1, 1), date(2024, 2, 1), 1, M) == (1, date(2024, 1, 1))
    assert whole_periods_back(date(2024, 1, 31), date(2024, 3, 31), 1, M) == (2, date(2024, 1, 31))
    assert whole_periods_back(date(2024, 1, 1), date(2024, 1, 25), 1, W) == (3, date(2024, 1, 4))
    assert whole_periods_back(date(2024, 1, 1), date(2024, 1, 25), 10, DAYS) == (2, date(2024, 1, 5))


def test_days_in_year() -> None:
    assert [days_in_year(y) for y in (2023, 2024, 1900, 2000)] == [365, 366, 365, 366]


@pytest.mark.parametrize(
    ("installments", "every"),
    [(0, 1), (-1, 1), (1, 0), (3, -2)],
)
def test_due_dates_rejects_non_positive_counts(installments: int, every: int) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        due_dates(date(2024, 1, 1), installments, every, M)


@pytest.mark.parametrize("first_due", [date(2024, 1, 1), date(2023, 12, 31)])
def test_due_dates_rejects_a_first_due_date_not_after_disbursement(first_due: date) -> None:
    with pytest.raises(ValueError, match="after the disbursement"):
        due_dates(date(2024, 1, 1), 3, 1, M, first_due=first_due)


def test_periods_between_rejects_an_end_before_the_start() -> None:
    with pytest.raises(ValueError):
        periods_between(date(2024, 2, 1), date(2024, 1, 1), 1, M)
