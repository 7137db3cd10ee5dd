"""Level instalments of the portfolio path: annuity / balloon (float + tie check) and flat.

The annuity / balloon level is the only non-rational step: the exact path computes it in Decimal
(precision 40) and rounds it with ``MoneyRules.round_installment``. Here it is computed in float64
(closed form with log1p / expm1 for per-period interest, a cumulative product of the period
discounts for per-day interest) together with a bound on its error, (4n + 64) × eps ×
magnitude, far above the float's actual error (a few n × eps) and far below a unit. A loan
whose float (in units of the first rounding step) lies within that bound of a tie (x.5), or is
not finite or ≥ 2^52, is "unsettled" and built by ``build_schedule`` (typically a few per
million). Off a tie, float and Decimal round the same way. Zero-rate loans are exact integers:
(principal − balloon) / n.

Flat (平息, ``_flat_rows``) is integer only: total interest = mul(principal, Σ rates), then
principal and interest each spread evenly with ``Units.div`` (a row's interest capped by what is
left of the total). Only with per-period denominators
(per-day interest, actual year, 30-day month) is Σ rates summed in float64 and tie-checked.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from autolend.kernel.portfolio_arith import (
    EPS,
    F64,
    FLOAT_EXACT,
    I64,
    LIMIT,
    Group,
    Mask,
    RateMul,
    Rules,
    divide,
    multiple,
    round_div,
    signed_round_div,
)


def _unsettled(value: F64, magnitude: F64, count: I64) -> Mask:
    """Floats within the error bound of a rounding tie, or that float cannot carry exactly."""
    with np.errstate(invalid="ignore"):
        tolerance = (4.0 * count + 64.0) * EPS * magnitude
        near_tie = ~(np.abs(value - np.floor(value) - 0.5) > tolerance)  # NaN → True
        return near_tie | ~(value < FLOAT_EXACT)


def float_levels(group: Group) -> tuple[F64, F64]:
    """Annuity / balloon level in units as float64, and the magnitude its error bound scales with."""
    principal = group.principal.astype(np.float64)
    count = group.count.astype(np.float64)
    balloon = group.balloon.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if group.factor is None and isinstance(group.denominator, int):
            rate = (group.rate * group.constant).astype(np.float64) / group.denominator
            growth = count * np.log1p(rate)
            discount = np.exp(-growth)
            annuity_factor = -np.expm1(-growth) / rate
        else:
            factor = group.constant if group.factor is None else group.factor
            rates = (group.rate * factor).astype(np.float64) / group.denominator
            discounts = np.cumprod(1.0 / (1.0 + rates), axis=0)
            live = np.arange(rates.shape[0])[:, None] < group.count
            annuity_factor = np.where(live, discounts, 0.0).sum(axis=0)
            discount = discounts[group.count - 1, np.arange(group.count.shape[0])]
        value = (principal - balloon * discount) / annuity_factor
        magnitude = (principal + balloon * discount) / annuity_factor
    return value, magnitude


def levels(group: Group, force_exact: bool) -> tuple[I64, Mask]:
    """Annuity / balloon level instalments in units, and the loans the float could not settle."""
    rules = group.rules
    # round_installment: straight to the instalment multiple, then the amount multiple; without
    # an instalment multiple straight to the amount multiple (or the places)
    step = rules.installment_step or rules.amount_step
    zero = group.rate == 0
    value, magnitude = float_levels(group)
    value /= step
    unsettled = _unsettled(value, magnitude / step, group.count)
    if force_exact:
        unsettled[:] = True
    unsettled &= ~zero
    with np.errstate(invalid="ignore"):
        rounded = np.floor(np.where(unsettled | zero, 0.0, value) + 0.5).astype(np.int64)
    if zero.any():
        owed = group.principal - group.balloon
        rounded = np.where(zero, round_div(owed, group.count * step, rules.half_even), rounded)
    level = rounded * step
    if rules.installment_step:
        level = multiple(level, rules.amount_step, rules.half_even)
    return level, unsettled


@dataclass(frozen=True)
class FlatPlan:
    """Per loan: total interest, its even share, the even principal (and its instalment-multiple
    part), the level; ``row`` gives one row's interest and principal target."""

    total: I64
    interest_each: I64
    principal_each: I64
    principal_part: I64
    level: I64
    unsettled: Mask
    rules: Rules

    def row(self, k: int, count: I64) -> tuple[I64, I64]:
        """Interest of row k (0-based), capped by what is left of the total, and the principal
        target (with an instalment multiple: R(principal) + R(interest) − interest)."""
        left = self.total - np.minimum(k * self.interest_each, self.total)
        interest = np.where(k < count - 1, np.minimum(self.interest_each, left), 0)
        np.copyto(interest, left, where=count == k + 1)
        step = self.rules.installment_step
        if step <= 1:
            return interest, self.principal_each
        rounded = signed_round_div(interest, step, self.rules.half_even) * step
        return interest, self.principal_part + rounded - interest


def flat_total(group: Group, force_exact: bool) -> tuple[I64, Mask]:
    """Total flat interest mul(principal, Σ rates), and the loans it could not settle."""
    half_even, amount = group.rules.half_even, group.rules.amount_step
    d = group.scaled_denominator
    unsettled = np.zeros(group.count.shape, np.bool_)
    if isinstance(d, int):
        total_factor = group.factor_sum()
        reach = int(group.principal.max()) * int(group.rate.max()) * int(total_factor.max())
        if reach + d <= LIMIT:
            exact = round_div(group.principal * group.rate * total_factor, d, half_even)
            return exact * amount, unsettled
        mul = RateMul(group, int(group.principal.max(initial=0)))
        return mul.split(group.principal, total_factor, d), unsettled
    assert group.factor is not None
    live = np.arange(d.shape[0])[:, None] < group.count
    rates = np.where(live, (group.rate * group.factor).astype(np.float64) / d, 0.0)
    value = group.principal * rates.sum(axis=0)  # in amount multiples
    unsettled = _unsettled(value, value, group.count)
    if force_exact:
        unsettled[:] = True
    unsettled &= group.rate > 0
    total = np.floor(np.where(unsettled, 0.0, value) + 0.5).astype(np.int64)
    return total * amount, unsettled


def flat_plan(group: Group, force_exact: bool) -> FlatPlan:
    """平息 as ``_flat_rows`` (no grace): the amounts every row is built from."""
    rules, count = group.rules, group.count
    total, unsettled = flat_total(group, force_exact)
    interest_each = divide(total, count, rules)
    principal_each = divide(group.principal, count, rules)
    step = rules.installment_step
    principal_part = principal_each
    level = principal_each + interest_each
    if step > 1:  # Fineract's calculateTotalPrincipalPerPeriodWithoutGrace
        principal_part = signed_round_div(principal_each, step, rules.half_even) * step
        level = principal_part + signed_round_div(interest_each, step, rules.half_even) * step
    return FlatPlan(total, interest_each, principal_each, principal_part, level, unsettled, rules)
