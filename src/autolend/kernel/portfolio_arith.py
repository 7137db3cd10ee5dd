"""Exact int64 primitives of the portfolio path: tie-aware rounding, the rate product, a block.

Every amount is an int64 count of units. Interest is round(balance × a × f / (D × s)) × s, with
a = annual_rate_e4, f / D the period's factor and denominator (``portfolio_dates``) and s the
amount multiple in units (1 without one: the exact path rounds once, straight to the multiple).
Rounding is floor((2·num + D) / 2D), ties detected exactly and moved to the even neighbour for
half-even: the same value as ``units.round_div`` on the exact path's ``Fraction`` (reduced or
not, the quotient is the same rational). Below, D stands for D × s. Two int64 routes, chosen per
block from its maxima:

* direct, when max(balance) × max(a) × max(f) + D ≤ 2^62: num = balance × (a × f);
* split, otherwise: balance × a = q·D + r, then q·f + round(r·f / D) with the tie's parity taken
  on the whole quotient. It needs balance × a ≤ 2^62 and D × (f + 1) ≤ 2^62.

Bounds: a loan with principal × a > 2^62 (at 36% a year: principal above 1.28e13 units, 128
billion yuan; at the 1000% maximum 4.6e11 units), or in a block whose D × (max f + 1) > 2^62, is
"beyond bounds" and built by ``build_schedule`` instead (exact, slower). With the supported
settings D × f stays below about 2^50, so in practice only the principal bound matters.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from autolend.kernel.money import MoneyRules, Rounding
from autolend.kernel.portfolio_types import METHOD_CODES
from autolend.kernel.schedule import Method

I64 = NDArray[np.int64]
F64 = NDArray[np.float64]
Mask = NDArray[np.bool_]
LIMIT = 1 << 62
EPS = float(np.finfo(np.float64).eps)
FLOAT_EXACT = float(1 << 52)

ANNUITY = METHOD_CODES[Method.ANNUITY]
EQUAL_PRINCIPAL = METHOD_CODES[Method.EQUAL_PRINCIPAL]
INTEREST_ONLY = METHOD_CODES[Method.INTEREST_ONLY]
BALLOON = METHOD_CODES[Method.BALLOON]
FLAT = METHOD_CODES[Method.FLAT]


@dataclass(frozen=True)
class Rules:
    """The money rules as integers: tie rule and the amount / instalment multiples in units
    (amount_step 1 without a multiple; installment_step 0 without one)."""

    half_even: bool
    amount_step: int
    installment_step: int

    @classmethod
    def of(cls, money: MoneyRules) -> Rules:
        scale = 10**money.decimals
        amount = money.amount_multiples_of
        installment = money.installment_multiples_of
        return cls(
            half_even=money.rounding is Rounding.HALF_EVEN,
            amount_step=int(amount * scale) if amount is not None else 1,
            installment_step=int(installment * scale) if installment is not None else 0,
        )


def round_div(num: I64, den: int | I64, half_even: bool) -> I64:
    """num ÷ den to the nearest integer, ties by the rule; num ≥ 0, den > 0, 2·num + den < 2^63."""
    twice = 2 * num
    twice += den
    quotient = twice // (2 * den)
    if half_even:
        tie = quotient * (2 * den) == twice
        quotient -= tie & ((quotient & 1) == 1)
    return quotient


def signed_round_div(num: I64, den: int | I64, half_even: bool) -> I64:
    """``units.round_div`` for any sign: the magnitude is rounded."""
    magnitude: I64 = np.abs(num)
    rounded = round_div(magnitude, den, half_even)
    return np.where(num < 0, -rounded, rounded)


def multiple(units: I64, step: int, half_even: bool) -> I64:
    """Nearest multiple of ``step`` (``money.round_to_multiple``) of whole units."""
    return units if step == 1 else signed_round_div(units, step, half_even) * step


def divide(units: I64, count: int | I64, rules: Rules) -> I64:
    """``Units.div``: units ÷ count rounded once, straight to the amount multiple."""
    step = rules.amount_step
    return round_div(units, count * step, rules.half_even) * step


def installment_round(units: I64, rules: Rules) -> I64:
    """``MoneyRules.round_installment`` of whole units: instalment multiple, then amount multiple."""
    if rules.installment_step:
        step = rules.installment_step
        units = signed_round_div(units, step, rules.half_even) * step
    return multiple(units, rules.amount_step, rules.half_even)


@dataclass
class Group:
    """A block of loans (any methods), their periods' rate factors and the money rules."""

    method: NDArray[np.integer[Any]]
    principal: I64
    rate: I64  # annual_rate_e4
    count: I64  # installments
    balloon: I64
    factor: I64 | None  # (K, g) or None: every period has factor ``constant``
    constant: int
    denominator: int | I64  # one for all or (K, g)
    rules: Rules
    per_day: bool  # interest per day: the EMI nudge applies
    scale: int  # units per yuan

    @property
    def periods(self) -> int:
        return int(self.count.max())

    @property
    def scaled_denominator(self) -> int | I64:
        """D × the amount multiple: interest is rounded straight to the multiple."""
        return self.denominator * self.rules.amount_step

    def subset(self, columns: I64) -> Group:
        d = self.denominator
        return replace(
            self,
            method=self.method[columns],
            principal=self.principal[columns],
            rate=self.rate[columns],
            count=self.count[columns],
            balloon=self.balloon[columns],
            factor=None if self.factor is None else self.factor[:, columns],
            denominator=d if isinstance(d, int) else d[:, columns],
        )

    def factor_max(self) -> int:
        return self.constant if self.factor is None else int(self.factor.max(initial=0))

    def denominator_max(self) -> int:
        d = self.scaled_denominator
        return d if isinstance(d, int) else int(d.max(initial=1))

    def factor_sum(self) -> I64:
        """Sum of each loan's factors over its own instalments (the flat method's total)."""
        if self.factor is None:
            return self.count * self.constant
        live = np.arange(self.factor.shape[0])[:, None] < self.count
        total: I64 = np.where(live, self.factor, 0).sum(axis=0)
        return total

    def beyond_bounds(self) -> Mask:
        """Loans the int64 routes cannot carry exactly (see the module docstring)."""
        beyond = self.principal > LIMIT // np.maximum(self.rate, 1)
        if self.denominator_max() * (self.factor_max() + 1) > LIMIT:
            beyond |= self.rate > 0
        d = self.scaled_denominator
        if isinstance(d, int):
            beyond |= (self.method == FLAT) & ((self.factor_sum() + 1) > LIMIT // d)
        return beyond

    def sanitize(self, beyond: Mask) -> None:
        """Make loans beyond bounds harmless (their rows come from build_schedule)."""
        if beyond.any():
            self.principal = np.where(beyond, 1, self.principal)
            self.rate = np.where(beyond, 0, self.rate)
            self.balloon = np.where(beyond, 0, self.balloon)


class RateMul:
    """round(x × a × f / (D × s)) × s for one block (x: balance or principal; s: amount multiple)."""

    def __init__(self, group: Group, x_max: int) -> None:
        self.group = group
        self.half_even = group.rules.half_even
        self.step = group.rules.amount_step
        self.d = group.scaled_denominator
        rate_max = int(group.rate.max(initial=0))
        reach = x_max * rate_max * group.factor_max()
        self.direct = reach + group.denominator_max() <= LIMIT
        self.rate_times: I64 | None = None
        if self.direct:
            factor = group.constant if group.factor is None else group.factor
            self.rate_times = group.rate * factor

    def period(self, x: I64, k: int) -> I64:
        """Interest of period k (0-based) on ``x``."""
        group = self.group
        d = self.d if isinstance(self.d, int) else self.d[k]
        if self.rate_times is not None:
            times = self.rate_times if group.factor is None else self.rate_times[k]
            rounded = round_div(x * times, d, self.half_even)
            return rounded if self.step == 1 else rounded * self.step
        factor = group.constant if group.factor is None else group.factor[k]
        return self.split(x, factor, d)

    def split(self, x: I64, factor: int | I64, d: int | I64) -> I64:
        """The split route (d: the scaled denominator); also the flat total's (factor: Σ f)."""
        product: I64 = x * self.group.rate
        whole: I64 = product // d
        rest: I64 = product - whole * d
        twice: I64 = 2 * rest * factor + d
        part: I64 = twice // (2 * d)
        quotient: I64 = whole * factor + part
        if self.half_even:
            tie = part * (2 * d) == twice
            quotient -= tie & ((quotient & 1) == 1)
        return quotient if self.step == 1 else quotient * self.step
