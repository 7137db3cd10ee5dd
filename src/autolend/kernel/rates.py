"""Interest per period as an exact fraction, by the product's day-count settings.

A period's rate is returned as a ``Fraction`` so that interest = balance × rate can be rounded
exactly once, at the fen, with the product's rounding mode (and identically by the vectorized path).

Settings and their Apache Fineract counterparts:

* ``InterestPer.PERIOD`` (Fineract "interest calculation period: same as repayment period", with
  "allow partial period interest calculation"): annual ÷ periods a year × every for a regular period;
  an irregular one (a given first due date) is prorated by ``periods_between``: whole periods counted
  forward from its start plus the days left over the next period's actual days. As in Fineract,
  days in month do not enter, and days in year only give the periods a year of a frequency in days
  (360, 364 or 365; "actual" counts 365).
* ``InterestPer.DAY`` (Fineract "daily"): days × annual ÷ days in year. Under the 30-day month a
  month-based period counts 30 days a month (30 × ``periods_between`` for an irregular one); under
  actual days in month it counts actual days. With actual days in year each day is divided by the
  length of its own calendar year; the days of a period are those after its start up to and including
  its end, so 2023-12-12 → 2024-01-12 is 19/365 + 12/366, as Fineract's progressive generator
  (``calculatePeriodFractions``) computes it. With actual days in year and 30-day months, the
  30-day count is spread over the years in the proportion of the period's actual days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction
from functools import lru_cache

from autolend.kernel.calendar import PeriodUnit, days_in_year, periods_between, step_periods


class DaysInYear(StrEnum):
    D360 = "360"
    D364 = "364"
    D365 = "365"
    ACTUAL = "actual"


class DaysInMonth(StrEnum):
    D30 = "30"
    ACTUAL = "actual"


class InterestPer(StrEnum):
    """Interest computed per repayment period (annual ÷ periods a year) or per day (actual days)."""

    PERIOD = "period"
    DAY = "day"


@dataclass(frozen=True)
class DayCount:
    """The day-count settings of a product (the usual set, as in Apache Fineract)."""

    days_in_year: DaysInYear = DaysInYear.D360
    days_in_month: DaysInMonth = DaysInMonth.D30
    interest_per: InterestPer = InterestPer.PERIOD

    def periods_per_year(self, unit: PeriodUnit) -> int:
        if unit is PeriodUnit.MONTHS:
            return 12
        if unit is PeriodUnit.WEEKS:
            return 52
        return 365 if self.days_in_year is DaysInYear.ACTUAL else int(self.days_in_year)


def regular_rate(annual_percent: Fraction, every: int, unit: PeriodUnit, day_count: DayCount) -> Fraction:
    """The rate of one regular period under per-period interest: annual ÷ periods a year × every."""
    return _regular_rate(annual_percent, every, day_count.periods_per_year(unit))


def period_rate(
    annual_percent: Fraction,
    start: date,
    end: date,
    every: int,
    unit: PeriodUnit,
    day_count: DayCount,
    seed_day: int | None = None,
) -> Fraction:
    """Rate (a fraction, not percent) charged on the balance for the period ``start`` → ``end``.

    ``seed_day`` is the schedule's anchor day of the month (default: ``end``'s day); a month-based
    period is regular when one step from ``start`` lands on ``end`` (see ``step_periods``).
    """
    seed = end.day if seed_day is None else seed_day
    regular = step_periods(start, 1, every, unit, seed) == end
    if day_count.interest_per is InterestPer.PERIOD:
        rate = _regular_rate(annual_percent, every, day_count.periods_per_year(unit))
        return rate if regular else rate * periods_between(start, end, every, unit, seed)
    # Built from integers in one Fraction (a single gcd): this runs once per row.
    numerator, denominator = annual_percent.numerator, annual_percent.denominator * 100
    actual_days = (end - start).days
    if unit is PeriodUnit.MONTHS and day_count.days_in_month is DaysInMonth.D30:
        fraction = Fraction(1) if regular else periods_between(start, end, every, unit, seed)
        numerator *= 30 * every * fraction.numerator
        denominator *= fraction.denominator
    else:
        numerator *= actual_days
    if day_count.days_in_year is not DaysInYear.ACTUAL:
        return Fraction(numerator, denominator * int(day_count.days_in_year))
    if actual_days == 0:
        return Fraction(0)
    years = _actual_year_fraction(start, end)
    return Fraction(numerator * years.numerator, denominator * years.denominator * actual_days)


@lru_cache(maxsize=256)
def _regular_rate(annual_percent: Fraction, every: int, periods_per_year: int) -> Fraction:
    return annual_percent * every / (100 * periods_per_year)


@lru_cache(maxsize=4096)
def _actual_year_fraction(start: date, end: date) -> Fraction:
    """Σ over the days d with start < d ≤ end of 1 / (days in d's year)."""
    if start.year == end.year or (end.year == start.year + 1 and start.month == 12 and start.day == 31):
        return Fraction((end - start).days, days_in_year(end.year))
    total = Fraction(0)
    for year in range(start.year, end.year + 1):
        low = max(start, date(year - 1, 12, 31))
        high = min(end, date(year, 12, 31))
        if high > low:
            total += Fraction((high - low).days, days_in_year(year))
    return total
