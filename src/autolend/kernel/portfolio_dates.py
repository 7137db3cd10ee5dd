"""Vectorized due dates and period rates of the portfolio path, mirroring calendar.py and rates.py.

Dates are int64 day numbers (days since 1970-01-01, numpy's datetime64[D] epoch). Due dates are
``add_periods(disbursed, k, every, unit, disbursed.day)``, so every period is regular (no first-due
override). Every period's rate is ``annual_rate_e4 × factor / denominator`` exactly:

* interest per period: factor = every, denominator = 10^6 × periods a year;
* per day, 360/364/365-day year: factor = days (30 × every under the 30-day month),
  denominator = 10^6 × days in year;
* per day, actual year: the days after the start up to and including the due date each count
  1/365 or 1/366 by their own year: factor = 366 × days − days in leap years, denominator =
  10^6 × 365 × 366; under the 30-day month that is scaled by 30 × every / actual days, so
  factor × 30 × every and denominator × actual days (a per-period denominator, both divided by
  their gcd).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from autolend.kernel.calendar import PeriodUnit
from autolend.kernel.rates import DayCount, DaysInMonth, DaysInYear, InterestPer

I64 = NDArray[np.int64]
RATE_BASE = 10**6  # annual_rate_e4 / 10^6 is the annual rate as a fraction
LAST_DAY = int(np.datetime64("9999-12-31", "D").astype(np.int64))


@dataclass(frozen=True)
class Periods:
    """Due dates (rows: instalment k, columns: loan) and the rate factors of the periods."""

    due: I64  # (K, n) day numbers
    factor: I64 | None  # (K, n), or None when every period's factor is ``constant``
    constant: int
    denominator: int | I64  # one for all, or (K, n)


def periods(
    disbursed: I64, count: int, every: int, unit: PeriodUnit, day_count: DayCount
) -> Periods:
    """The ``count`` periods of each loan disbursed on day numbers ``disbursed`` (no first-due)."""
    k = np.arange(1, count + 1, dtype=np.int64)[:, None]
    if unit is PeriodUnit.MONTHS:
        month0 = disbursed.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
        low = int(month0.min())
        months = np.arange(low, int(month0.max()) + every * count + 2, dtype=np.int64)
        starts = months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
        lengths = np.diff(starts)
        day0 = disbursed - starts[month0 - low] + 1
        month = month0 + every * k - low  # table index of each due month
        due = starts[month] + np.minimum(day0, lengths[month]) - 1
    else:
        due = disbursed + every * (7 if unit is PeriodUnit.WEEKS else 1) * k
    if int(due[-1].max()) > LAST_DAY:
        raise ValueError("a due date falls after the year 9999")
    if day_count.interest_per is InterestPer.PERIOD:
        return Periods(due, None, every, RATE_BASE * day_count.periods_per_year(unit))
    thirty = unit is PeriodUnit.MONTHS and day_count.days_in_month is DaysInMonth.D30
    start = np.empty_like(due)
    start[0] = disbursed
    start[1:] = due[:-1]
    days = due - start
    if day_count.days_in_year is not DaysInYear.ACTUAL:
        denominator = RATE_BASE * int(day_count.days_in_year)
        if thirty:
            return Periods(due, None, 30 * every, denominator)
        return Periods(due, days, 0, denominator)
    weighted = 366 * days - _leap_days_after(start, due)
    if thirty:
        factor, denominator = weighted * (30 * every), RATE_BASE * 365 * 366 * days
        common = np.gcd(factor, denominator)  # keeps D × f inside int64 for long periods
        return Periods(due, factor // common, 0, denominator // common)
    return Periods(due, weighted, 0, RATE_BASE * 365 * 366)


def _leap_days_after(start: I64, end: I64) -> I64:
    """Days d with start < d ≤ end that fall in leap years."""
    after_start, after_end = start + 1, end + 1
    years_start = after_start.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64)
    years_end = after_end.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64)
    low = int(years_start.min())
    years = np.arange(low, int(years_end.max()) + 2, dtype=np.int64)
    jan1 = years.astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64)
    leap = (np.diff(jan1) == 366).astype(np.int64)
    before = np.concatenate(([0], np.cumsum(366 * leap)))

    def cumulative(day: I64, year: I64) -> I64:  # leap-year days before ``day``
        index = year - low
        count: I64 = before[index] + (day - jan1[index]) * leap[index]
        return count

    return cumulative(after_end, years_end) - cumulative(after_start, years_start)
