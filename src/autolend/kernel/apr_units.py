"""Unit periods and Regulation Z Appendix J time counting for the APR kernel.

Pure Python, no clock, no float. Time between two dates is expressed as ``(t, f)``: ``t`` full
unit periods plus a fraction ``f`` of a unit period, counted per 12 CFR 1026 Appendix J (b)(3)-(5):

* month-based unit periods (month, N months, quarter, semimonth, year): full months are counted
  *back from the later date*; the odd days left at the front are counted in actual days.
  A month unit period divides ``30 * months + odd days`` by 30, a multi-month one by ``30 * N``,
  a semimonth by 15 ((b)(5)(ii)-(iii)); a year takes whole years back and the rest as
  ``months / 12`` when it is whole months, else ``days / 365`` ((b)(5)(v)).
* day- and week-based unit periods divide the actual number of days by the days per unit
  period ((b)(5)(iv)).
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import (
    MAX_EMAX,
    MIN_EMIN,
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from functools import lru_cache

__all__ = ["CTX", "AprInputError", "UnitPeriod", "anchor_days", "parse_unit_period", "ratio", "unit_time"]

#: Working context of the APR kernel: 34 significant digits, wide exponent range, errors trapped.
CTX = Context(
    prec=34, rounding=ROUND_HALF_EVEN, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[InvalidOperation, DivisionByZero, Overflow]
)

UNITS = ("month", "semimonth", "quarter", "year", "week", "day")
# Largest count per unit: Appendix J (b)(4) caps a unit period at one year.
_MAX_COUNT = {"month": 12, "semimonth": 24, "quarter": 4, "year": 1, "week": 52, "day": 365}
_PER_YEAR = {"month": 12, "semimonth": 24, "quarter": 4, "year": 1, "week": 52, "day": 365}
_COUNTED = re.compile(r"(\d{1,4})\s+(month|week|day|semimonth|quarter|year)s?")


class AprInputError(ValueError):
    """Invalid APR input. ``field`` names the offending input (e.g. ``payments[2].amount``)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message

    def __reduce__(self) -> tuple[type[AprInputError], tuple[str, str]]:
        return (AprInputError, (self.field, self.message))


@dataclass(frozen=True)
class UnitPeriod:
    """A unit period of ``count`` x ``unit``; at most one year long (Appendix J (b)(4))."""

    count: int
    unit: str

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise AprInputError("unit_period", f"unknown unit {self.unit!r}; expected one of {', '.join(UNITS)}")
        if isinstance(self.count, bool) or not isinstance(self.count, int) or self.count < 1:
            raise AprInputError("unit_period", "count must be an integer >= 1")
        if self.count > _MAX_COUNT[self.unit]:
            raise AprInputError("unit_period", "a unit period may not exceed one year")

    @property
    def per_year(self) -> Decimal:
        """Unit periods per year: month 12/N, semimonth 24/N, quarter 4/N, year 1, week 52/N, day 365/N."""
        return ratio(_PER_YEAR[self.unit], self.count)

    @property
    def months(self) -> int | None:
        """Length in calendar months for month-based units (semimonth excluded), else ``None``."""
        return {"month": 1, "quarter": 3, "year": 12}.get(self.unit, 0) * self.count or None

    @property
    def days(self) -> int | None:
        """Length in days for day- and week-based units, else ``None``."""
        return {"day": 1, "week": 7}.get(self.unit, 0) * self.count or None

    def __str__(self) -> str:
        return self.unit if self.count == 1 else f"{self.count} {self.unit}s"


def parse_unit_period(text: str) -> UnitPeriod:
    """Parse ``"month"``, ``"semimonth"``, ``"quarter"``, ``"year"``, ``"week"``, ``"day"`` or
    ``"<N> months|weeks|days"`` (singular accepted, e.g. ``"1 month"``).

    Raises ``AprInputError(field="unit_period")`` for anything else.
    """
    if not isinstance(text, str):
        raise AprInputError("unit_period", "must be a string such as 'month' or '2 weeks'")
    norm = " ".join(text.strip().lower().split())
    if norm in UNITS:
        return UnitPeriod(1, norm)
    match = _COUNTED.fullmatch(norm)
    if match is None:
        raise AprInputError(
            "unit_period",
            f"cannot parse {text!r}; use month, semimonth, quarter, year, week, day or '<N> months|weeks|days'",
        )
    return UnitPeriod(int(match.group(1)), match.group(2))


def ratio(numerator: int, denominator: int) -> Decimal:
    """``numerator / denominator`` rounded to the kernel's 34 significant digits."""
    with localcontext(CTX):
        return Decimal(numerator) / Decimal(denominator)


def _month_index(d: date) -> int:
    return d.year * 12 + d.month - 1


def _shift_back(d: date, months: int, anchor: int) -> date:
    """``d`` moved back ``months`` calendar months onto day ``anchor``, clamped to the month's end."""
    year, month0 = divmod(_month_index(d) - months, 12)
    return date(year, month0 + 1, min(anchor, calendar.monthrange(year, month0 + 1)[1]))


def anchor_days(dates: Sequence[date]) -> list[int]:
    """Day of month each date is measured back from (Appendix J (b)(3)(iv)).

    A date that is not the last day of its month is its own anchor. A month-end date belongs to
    the series' most common day of month that is >= its own day (ties: the later day), so a
    series on the 30th measures Feb 28 back to Jan 30 and a series on the last day measures
    Apr 30 back to Mar 31, while a series on the 28th measures Feb 28 back to Jan 28.
    """
    counts = Counter(d.day for d in dates)
    result: list[int] = []
    for d in dates:
        if d.day != calendar.monthrange(d.year, d.month)[1]:
            result.append(d.day)
            continue
        candidates = [(n, day) for day, n in counts.items() if day >= d.day]
        result.append(max(candidates)[1] if candidates else d.day)
    return result


@lru_cache(maxsize=8192)  # pure; a decision's offers share their due dates
def unit_time(unit: UnitPeriod, start: date, when: date, anchor: int | None = None) -> tuple[int, Decimal]:
    """Full unit periods ``t`` and fraction ``f`` from ``start`` to ``when`` (``when >= start``).

    ``anchor`` is the day of month used when counting months back from a month-end ``when``
    (see :func:`anchor_days`); otherwise months are counted back onto ``when.day``.
    """
    if when < start:
        raise ValueError("unit_time needs when >= start")
    days = unit.days
    if days is not None:  # (b)(5)(iv): day, week, multiple of a week
        t, rest = divmod((when - start).days, days)
        return t, ratio(rest, days)
    month_end = when.day == calendar.monthrange(when.year, when.month)[1]
    anchor = max(anchor, when.day) if anchor is not None and month_end else when.day
    months = max(_month_index(when) - _month_index(start), 0)
    while months > 0 and _shift_back(when, months, anchor) < start:
        months -= 1
    odd_days = (_shift_back(when, months, anchor) - start).days
    unit_months = unit.months
    if unit_months == 12:  # (b)(5)(v): whole years back, the remainder in months or in days
        years, rest_months = divmod(months, 12)
        if odd_days == 0:
            return years, ratio(rest_months, 12)
        rest_days = (_shift_back(when, years * 12, anchor) - start).days
        return years, ratio(rest_days, 365)
    # (b)(5)(ii)-(iii): 30-day months; divide by 30 x months per unit, or 15 x count for semimonths
    per_unit = 15 * unit.count if unit_months is None else 30 * unit_months
    t, rest = divmod(30 * months + odd_days, per_unit)
    return t, ratio(rest, per_unit)
