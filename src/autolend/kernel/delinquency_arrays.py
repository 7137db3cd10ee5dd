"""The rules of ``kernel.delinquency`` over whole chunks of loans: numpy int64 arrays of fen and days.

Amounts are integer fen, dates are integer day numbers (any epoch), rates are exact ``Fraction``s.
Every rounding is half-up and exact: round(n / d) = floor((2n + d) / 2d) for n ≥ 0, the same value
the scalar functions give with ``Decimal``. A product that could overflow int64 (beyond about
4.6e18) is done on Python integers instead (object arrays), so results never depend on the size.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

from autolend.kernel.delinquency import (
    CLASS_ORDER,
    Bucket,
    ClassificationRules,
    LoanClass,
    PenaltyTerms,
    ProvisionBasis,
    ProvisionPolicy,
    StageRules,
)

I64 = NDArray[np.int64]
Mask = NDArray[np.bool_]
LIMIT = 1 << 62


def accrual_targets(interest: I64, from_day: I64, due_day: I64, as_of: int) -> I64:
    """Interest recognised by the close of day ``as_of`` per due (fen): 0 before the period,
    round(interest × elapsed ÷ period days) inside it, all of it from the due date on."""
    period = np.maximum(due_day - from_day, 1)
    elapsed = np.clip(as_of - from_day, 0, period)
    return np.where(as_of >= due_day, interest, _div_half_up(interest * elapsed, period))


def bucket_indices(dpd: I64, buckets: Sequence[Bucket]) -> I64:
    """Index into ``buckets`` of each DPD (buckets are contiguous from day 0, see buckets_check)."""
    starts = np.array([b.first_day for b in buckets], dtype=np.int64)
    return np.searchsorted(starts, dpd, side="right").astype(np.int64) - 1


def class_ranks(dpd: I64, restructured: Mask, rules: ClassificationRules) -> I64:
    """``LoanClass.rank`` of each loan (0 normal … 4 loss), the worst floor that applies."""
    floor = rules.restructured_floor.rank
    rank = np.where(restructured, floor, 0).astype(np.int64)
    for days, loan_class in rules.floors:
        rank = np.where((dpd > days) & (rank < loan_class.rank), loan_class.rank, rank)
    return rank


def stages(dpd: I64, rank: I64, restructured: Mask, rules: StageRules) -> I64:
    """IFRS 9 stage (1, 2, 3) of each loan."""
    stage = np.where(dpd > rules.stage3_after, 3, np.where(dpd > rules.stage2_after, 2, 1)).astype(np.int64)
    if rules.nonperforming_is_stage3:
        stage = np.where(rank >= LoanClass.SUBSTANDARD.rank, 3, stage)
    return np.where(restructured, np.maximum(stage, rules.restructured_stage), stage)


def provisions(exposure: I64, rank: I64, stage: I64, policy: ProvisionPolicy) -> tuple[I64, I64, I64]:
    """(guideline, ECL, posted) provision of each loan in fen, each measure rounded half-up."""
    exposure = np.maximum(exposure, 0)
    guideline = np.zeros_like(exposure)
    for r, _ in enumerate(CLASS_ORDER):
        pick = rank == r
        if pick.any():
            guideline[pick] = mul_rate(exposure[pick], Fraction(policy.guideline_rates[r]))
    ecl = np.zeros_like(exposure)
    for s in (1, 2, 3):
        pick = stage == s
        if pick.any():
            ecl[pick] = mul_rate(exposure[pick], Fraction(policy.ecl_rate(s)))
    posted = {
        ProvisionBasis.GUIDELINE: guideline,
        ProvisionBasis.IFRS9: ecl,
        ProvisionBasis.LARGER: np.maximum(guideline, ecl),
    }[policy.basis]
    return guideline, ecl, posted


def penalties(overdue_principal: I64, overdue_interest: I64, terms: Sequence[PenaltyTerms]) -> I64:
    """One day's penalty interest of each loan (fen), ``terms[i]`` being loan i's penalty terms.

    Loans are grouped by their terms (few distinct ones), each group done in one array product.
    """
    result = np.zeros(len(terms), dtype=np.int64)
    groups: dict[PenaltyTerms, list[int]] = {}
    for i, t in enumerate(terms):
        groups.setdefault(t, []).append(i)
    for t, members in groups.items():
        idx = np.array(members, dtype=np.int64)
        base = overdue_principal[idx] + (overdue_interest[idx] if t.compound else 0)
        rate = Fraction(t.annual_percent) / 100 / t.days_in_year
        result[idx] = mul_rate(np.maximum(base, 0), rate)
    return result


def mul_rate(amounts: I64, rate: Fraction | Decimal) -> I64:
    """amounts × rate rounded half-up to whole fen, exactly (amounts ≥ 0, rate ≥ 0)."""
    rate = Fraction(rate)
    if amounts.size == 0:
        return amounts.copy()
    num, den = rate.numerator, rate.denominator
    if int(amounts.max()) * num * 2 + den < LIMIT and den < LIMIT:
        return _div_half_up(amounts * num, den)
    exact = [(2 * int(a) * num + den) // (2 * den) for a in amounts.tolist()]
    return np.array(exact, dtype=np.int64)


def sum_by(owner: I64, values: I64, size: int) -> I64:
    """Sum of ``values`` per owner, exactly: ``owner[i]`` in 0 … size − 1 is the loan of row i."""
    out = np.zeros(size, dtype=np.int64)
    np.add.at(out, owner, values)
    return out


def _div_half_up(numerator: I64, denominator: I64 | int) -> I64:
    result: I64 = (2 * numerator + denominator) // (2 * np.asarray(denominator, dtype=np.int64))
    return result
