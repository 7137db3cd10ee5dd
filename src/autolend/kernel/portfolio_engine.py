"""The vectorized engine: every instalment of a block of loans (any mix of methods) in one pass.

Row k of every loan is computed at once, as ``schedule._amortize`` / ``_flat_rows`` compute it
for one loan: interest = mul(balance, rate_k) (flat: the planned interest), principal =
max(0, min(target − interest × uses_interest, balance)) with target the level instalment
(annuity, balloon; interest subtracted), the even principal (equal principal), 0 (interest
only) or the flat row's principal, and the last row takes the balance. Outputs are written in
place into (K, loans) row views, so no scatter is needed. Exactness: ``portfolio_arith`` (integer
rounding) and ``portfolio_levels`` (the level instalments). With per-day interest the exact
path's EMI nudge (Fineract's progressive adjustment, at most three re-amortizations while the
last row's difference shrinks) is replayed on the loans that need it.
"""

from __future__ import annotations

import numpy as np

from autolend.kernel.portfolio_arith import (
    ANNUITY,
    BALLOON,
    EQUAL_PRINCIPAL,
    FLAT,
    I64,
    Group,
    Mask,
    RateMul,
    divide,
    installment_round,
    signed_round_div,
)
from autolend.kernel.portfolio_levels import FlatPlan, flat_plan, levels


def amortize(
    group: Group,
    target: I64,
    uses_interest: Mask | None,
    flat: tuple[Mask, FlatPlan] | None,
    principal: I64,
    interest: I64,
    balance: I64,
) -> None:
    """Fill (K, g) principal, interest and balance rows (``uses_interest`` None: all True)."""
    count = group.count
    bal = group.principal.copy()
    mul = RateMul(group, int(bal.max(initial=0)))
    lasts = set(count.tolist())
    keep = None if uses_interest is None else uses_interest.astype(np.int64)
    all_flat = flat is not None and bool(flat[0].all())
    for k in range(group.periods):
        due = interest[k]
        ends = count == k + 1 if k + 1 in lasts else None
        if not all_flat:
            due[...] = mul.period(bal, k)
        row_target = target
        if flat is not None:
            is_flat, plan = flat
            planned, flat_target = plan.row(k, count)
            np.copyto(due, planned, where=is_flat)
            row_target = np.where(is_flat, flat_target, target)
        paid = principal[k]
        if keep is None:
            np.subtract(row_target, due, out=paid)
        else:
            np.multiply(due, keep, out=paid)
            np.subtract(row_target, paid, out=paid)
        np.minimum(paid, bal, out=paid)
        np.maximum(paid, 0, out=paid)
        if ends is not None:
            np.copyto(paid, bal, where=ends)
        bal -= paid
        balance[k] = bal


def _spread(plan: FlatPlan, columns: I64, size: int) -> FlatPlan:
    """A flat plan of a subset spread to the whole block (zeros elsewhere)."""

    def full(values: I64) -> I64:
        spread = np.zeros(size, np.int64)
        spread[columns] = values
        return spread

    unsettled = np.zeros(size, np.bool_)
    unsettled[columns] = plan.unsettled
    return FlatPlan(
        full(plan.total),
        full(plan.interest_each),
        full(plan.principal_each),
        full(plan.principal_part),
        full(plan.level),
        unsettled,
        plan.rules,
    )


def nudge(
    group: Group, level: I64, candidates: I64, principal: I64, interest: I64, balance: I64
) -> None:
    """Per-day interest: the exact path's EMI adjustment on ``candidates`` (annuity / balloon):
    level += last row's difference ÷ n, kept while the difference shrinks, at most three times.
    Updates ``level`` and the rows in place."""
    count, rules = group.count, group.rules
    chosen = candidates[count[candidates] >= 2]
    last = count[chosen] - 1
    difference = np.zeros_like(level)
    difference[chosen] = (
        principal[last, chosen] + interest[last, chosen] - level[chosen] - group.balloon[chosen]
    )
    for _ in range(3):
        too_far = np.abs(difference[chosen]) * 100 > (count[chosen] // 2) * group.scale
        chosen = chosen[too_far]
        if chosen.size == 0:
            return
        moved = signed_round_div(difference[chosen], count[chosen], rules.half_even)
        adjusted = installment_round(level[chosen] + moved, rules)
        changed = adjusted != level[chosen]
        chosen, adjusted = chosen[changed], adjusted[changed]
        if chosen.size == 0:
            return
        part = group.subset(chosen)
        work = [np.empty((part.periods, chosen.size), np.int64) for _ in range(3)]
        amortize(part, adjusted, None, None, *work)
        here = np.arange(chosen.size)
        tail = part.count - 1
        trial = work[0][tail, here] + work[1][tail, here] - adjusted - part.balloon
        better = np.abs(trial) < np.abs(difference[chosen])
        chosen = chosen[better]
        for target, values in zip((principal, interest, balance), work):
            target[: part.periods, chosen] = values[:, better]
        level[chosen] = adjusted[better]
        difference[chosen] = trial[better]


def compute(
    group: Group, force_exact: bool, principal: I64, interest: I64, balance: I64
) -> tuple[I64, Mask, Mask]:
    """Fill the block's (K, g) rows; returns (level, loans beyond bounds, unsettled loans).

    Rows of loans beyond bounds or unsettled must be replaced by the exact path's.
    """
    beyond = group.beyond_bounds()
    group.sanitize(beyond)
    method, size = group.method, group.method.shape[0]
    level = np.zeros(size, np.int64)
    target = np.zeros(size, np.int64)
    unsettled = np.zeros(size, np.bool_)
    with_level = (method == ANNUITY) | (method == BALLOON)
    declining = np.flatnonzero(with_level)
    if declining.size:
        level[declining], unsettled[declining] = levels(group.subset(declining), force_exact)
        target[declining] = level[declining]
    even = np.flatnonzero(method == EQUAL_PRINCIPAL)
    if even.size:
        target[even] = divide(group.principal[even], group.count[even], group.rules)
    is_flat = method == FLAT
    flat: tuple[Mask, FlatPlan] | None = None
    if is_flat.any():
        columns = np.flatnonzero(is_flat)
        plan = flat_plan(group.subset(columns), force_exact)
        if columns.size < size:
            plan = _spread(plan, columns, size)
        flat = (is_flat, plan)
        level = np.where(is_flat, plan.level, level)
        unsettled |= plan.unsettled
    uses_interest = None if declining.size == size else with_level
    amortize(group, target, uses_interest, flat, principal, interest, balance)
    if group.per_day and declining.size:
        settled = declining[~unsettled[declining] & ~beyond[declining]]
        nudge(group, level, settled, principal, interest, balance)
    return level, beyond, unsettled & ~beyond
