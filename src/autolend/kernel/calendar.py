"""Repayment calendar: due dates every N days, weeks or months, month-end safe.

Monthly dates are always counted from one anchor date, never from the previous due date, so a loan
due on the 31st falls on Feb 28/29 and comes back to the 31st in March (no drift to the 28th). The
anchor is the first due date when one is given, else the disbursement date. Apache Fineract reaches
the same dates: its ``DefaultScheduledDateGenerator`` adds months to the previous date and then moves
a day of 28 or more back to the seed date's day (``adjustDate``), the seed being the same anchor.
"""

from __future__ import annotations

import calendar as _cal
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction


class PeriodUnit(StrEnum):
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"


def add_months(start: date, months: int, anchor_day: int | None = None) -> date:
    """``start`` moved by ``months`` calendar months, on ``anchor_day`` (default start's day) or month end."""
    day = anchor_day or start.day
    year, month0 = divmod(start.year * 12 + (start.month - 1) + months, 12)
    return date(year, month0 + 1, min(day, month_length(year, month0 + 1)))


_MONTH_LENGTHS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def month_length(year: int, month: int) -> int:
    """Days in ``month`` of ``year``."""
    if month == 2 and _cal.isleap(year):
        return 29
    return _MONTH_LENGTHS[month - 1]


def add_periods(start: date, count: int, every: int, unit: PeriodUnit, anchor_day: int | None = None) -> date:
    """The date ``count`` periods of ``every`` ``unit`` after ``start``."""
    if unit is PeriodUnit.MONTHS:
        return add_months(start, count * every, anchor_day)
    days = 7 if unit is PeriodUnit.WEEKS else 1
    return start + timedelta(days=count * every * days)


def due_dates(
    disbursed: date, installments: int, every: int, unit: PeriodUnit, first_due: date | None = None
) -> list[date]:
    """Due dates of ``installments`` periods; the first is ``first_due`` or one period after disbursement.

    Every date is counted from one anchor (``first_due``, else ``disbursed``) on the anchor's day of
    the month, so 2024-01-31 monthly gives 02-29, 03-31, 04-30, ...
    """
    if installments < 1 or every < 1:
        raise ValueError("installments and every must be at least 1")
    if first_due is None:
        day = disbursed.day
        return [add_periods(disbursed, k, every, unit, day) for k in range(1, installments + 1)]
    if first_due <= disbursed:
        raise ValueError("the first due date must be after the disbursement date")
    day = first_due.day
    return [add_periods(first_due, k, every, unit, day) for k in range(installments)]


def step_periods(start: date, count: int, every: int, unit: PeriodUnit, seed_day: int | None = None) -> date:
    """``start`` moved by ``count`` periods as Fineract steps a period: months keep ``start``'s day
    (clipped to the month's end), and a resulting day of 28 or more moves to ``seed_day`` (or the
    month's end) when ``seed_day`` is after the 28th."""
    moved = add_periods(start, count, every, unit)
    if unit is PeriodUnit.MONTHS and seed_day is not None and seed_day > 28 and moved.day >= 28:
        moved = moved.replace(day=min(month_length(moved.year, moved.month), seed_day))
    return moved


def periods_between(start: date, end: date, every: int, unit: PeriodUnit, seed_day: int | None = None) -> Fraction:
    """Periods from ``start`` to ``end``: whole periods counted forward from ``start``, then the days left
    as a fraction of the next (actual) period, as Fineract's ``calculatePeriodsBetweenDates``.

    2022-11-01 → 2022-12-15 monthly: one month to 12-01, then 14 of the 31 days to 2023-01-01 → 1 14/31.
    """
    if end < start:
        raise ValueError("end must not be before start")
    whole = 0
    reached = start
    while True:
        following = step_periods(start, whole + 1, every, unit, seed_day)
        if following > end:
            break
        whole, reached = whole + 1, following
    left = (end - reached).days
    if left == 0:
        return Fraction(whole)
    return whole + Fraction(left, (following - reached).days)


def whole_periods_back(start: date, end: date, every: int, unit: PeriodUnit) -> tuple[int, date]:
    """Whole periods counted back from ``end`` that fit after ``start``, and the date they reach.

    Used for an irregular first period counted from the due date (as Regulation Z does):
    2022-11-01 → 2022-12-15 is one month back to 11-15 plus 14 odd days.
    """
    count = 0
    while True:
        earlier = add_periods(end, -(count + 1), every, unit, end.day)
        if earlier < start:
            return count, add_periods(end, -count, every, unit, end.day)
        count += 1


def days_in_year(year: int) -> int:
    return 366 if _cal.isleap(year) else 365
