"""Delinquency rules: DPD, buckets, five-tier classes, IFRS 9 stages, provisions, penalty, accrual.

Worked numbers use the DOMAIN.md loan: 670,000 at 4.9% over 360 months, month 1 = 2,735.83
interest + 820.04 principal. The array versions must give the scalar versions' results exactly.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autolend.kernel.delinquency import (
    DEFAULT_BUCKETS,
    Bucket,
    ClassificationRules,
    LoanClass,
    PenaltyTerms,
    ProvisionBasis,
    ProvisionPolicy,
    StageRules,
    accrued_interest_target,
    bucket_for,
    buckets_check,
    classify,
    days_past_due,
    ifrs_stage,
    penalty_for_day,
    penalty_terms_default,
    provision_for,
)
from autolend.kernel.delinquency_arrays import (
    accrual_targets,
    bucket_indices,
    class_ranks,
    mul_rate,
    penalties,
    provisions,
    stages,
)

DUE = date(2024, 2, 15)


def test_days_past_due_counts_from_the_oldest_unpaid_due_the_day_after_it() -> None:
    assert days_past_due(None, date(2024, 3, 1)) == 0
    assert days_past_due(DUE, DUE) == 0  # unpaid at the close of its due date: not yet overdue
    assert days_past_due(DUE, date(2024, 2, 16)) == 1
    assert days_past_due(DUE, date(2024, 5, 16)) == 91
    assert days_past_due(DUE, date(2024, 2, 1)) == 0


@pytest.mark.parametrize(
    ("dpd", "bucket"),
    [(0, "M0"), (1, "M1"), (30, "M1"), (31, "M2"), (60, "M2"), (61, "M3"), (90, "M3"), (91, "M4"),
     (120, "M4"), (121, "M5"), (150, "M5"), (151, "M6"), (180, "M6"), (181, "M7+"), (5000, "M7+")],
)
def test_default_buckets(dpd: int, bucket: str) -> None:
    assert bucket_for(dpd) == bucket
    assert DEFAULT_BUCKETS[int(bucket_indices(np.array([dpd], dtype=np.int64), DEFAULT_BUCKETS)[0])].name == bucket


def test_buckets_are_data_fineract_ranges_work_and_gaps_are_refused() -> None:
    fineract = (Bucket("current", 0, 0), Bucket("1-3", 1, 3), Bucket("4-30", 4, 30), Bucket("31+", 31, None))
    buckets_check(fineract)
    assert bucket_for(3, fineract) == "1-3" and bucket_for(4, fineract) == "4-30"
    buckets_check(DEFAULT_BUCKETS)
    with pytest.raises(ValueError, match="must start at day 31"):
        buckets_check((Bucket("M0", 0, 0), Bucket("M1", 1, 30), Bucket("M2", 32, None)))
    with pytest.raises(ValueError, match="open-ended"):
        buckets_check((Bucket("M0", 0, 0), Bucket("M1", 1, 30)))


@pytest.mark.parametrize(
    ("dpd", "restructured", "expected"),
    [
        (0, False, LoanClass.NORMAL),
        (1, False, LoanClass.SPECIAL_MENTION),
        (90, False, LoanClass.SPECIAL_MENTION),
        (91, False, LoanClass.SUBSTANDARD),
        (270, False, LoanClass.SUBSTANDARD),
        (271, False, LoanClass.DOUBTFUL),
        (360, False, LoanClass.DOUBTFUL),
        (361, False, LoanClass.LOSS),
        (0, True, LoanClass.SUBSTANDARD),  # restructured, in its observation period
        (300, True, LoanClass.DOUBTFUL),  # the worse floor wins
    ],
)
def test_five_tier_classification_floors(dpd: int, restructured: bool, expected: LoanClass) -> None:
    assert classify(dpd, restructured=restructured) is expected
    rank = class_ranks(np.array([dpd], dtype=np.int64), np.array([restructured]), ClassificationRules())
    assert int(rank[0]) == expected.rank


@pytest.mark.parametrize(
    ("dpd", "loan_class", "restructured", "stage"),
    [
        (0, LoanClass.NORMAL, False, 1),
        (30, LoanClass.SPECIAL_MENTION, False, 1),
        (31, LoanClass.SPECIAL_MENTION, False, 2),
        (90, LoanClass.SPECIAL_MENTION, False, 2),
        (91, LoanClass.SUBSTANDARD, False, 3),
        (0, LoanClass.SUBSTANDARD, True, 3),  # non-performing → credit-impaired
    ],
)
def test_ifrs9_stages(dpd: int, loan_class: LoanClass, restructured: bool, stage: int) -> None:
    assert ifrs_stage(dpd, loan_class, restructured=restructured) == stage
    rules = StageRules(nonperforming_is_stage3=False)
    assert ifrs_stage(0, LoanClass.SUBSTANDARD, restructured=True, rules=rules) == 2


def test_provision_shows_both_measures_and_posts_the_larger_by_default() -> None:
    exposure = D("100000.00")
    normal = provision_for(exposure, LoanClass.NORMAL, 1)
    assert (normal.guideline, normal.ecl, normal.posted) == (D("1000.00"), D("900.00"), D("1000.00"))
    watch = provision_for(exposure, LoanClass.SPECIAL_MENTION, 2)  # 2% vs 20% × 45% = 9%
    assert (watch.guideline, watch.ecl, watch.posted) == (D("2000.00"), D("9000.00"), D("9000.00"))
    sub = provision_for(exposure, LoanClass.SUBSTANDARD, 3)  # 25% vs 45%
    assert (sub.guideline, sub.ecl, sub.posted) == (D("25000.00"), D("45000.00"), D("45000.00"))
    assert provision_for(exposure, LoanClass.DOUBTFUL, 3).posted == D("50000.00")
    assert provision_for(exposure, LoanClass.LOSS, 3).posted == D("100000.00")
    assert provision_for(exposure, LoanClass.SUBSTANDARD, 3, ProvisionPolicy(basis=ProvisionBasis.GUIDELINE)).posted == D("25000.00")
    no_general = ProvisionPolicy(guideline_rates=tuple(D(r) for r in ("0", "0.02", "0.25", "0.50", "1")), basis=ProvisionBasis.GUIDELINE)
    assert provision_for(exposure, LoanClass.NORMAL, 1, no_general).posted == D("0.00")
    assert provision_for(D("333.33"), LoanClass.NORMAL, 1).posted == D("3.33")  # 3.3333 → 3.33
    with pytest.raises(ValueError):
        ProvisionPolicy(pd=(D("0.02"), D("0.2")))


def test_penalty_worked_example_overdue_principal_820_04_at_contract_rate_times_1_5() -> None:
    terms = penalty_terms_default(D("4.9"))
    assert terms == PenaltyTerms(D("7.350"), compound=False, days_in_year=360)
    # 820.04 × 7.35% ÷ 360 = 0.167424… → 0.17 a day
    assert penalty_for_day(D("820.04"), D("0"), terms) == D("0.17")
    # two instalments overdue: 1,643.43 × 7.35% ÷ 360 = 0.335533… → 0.34
    assert penalty_for_day(D("1643.43"), D("2735.83"), terms) == D("0.34")
    # compound: (820.04 + 2,735.83) × 7.35% ÷ 360 = 0.725990… → 0.73
    assert penalty_for_day(D("820.04"), D("2735.83"), PenaltyTerms(D("7.35"), compound=True)) == D("0.73")
    assert penalty_for_day(D("0"), D("100"), terms) == D("0.00")


def test_accrual_target_day_by_day_and_at_the_due_date() -> None:
    start, interest = date(2024, 1, 15), D("2735.83")  # 31-day period to 2024-02-15
    expected = {0: "0.00", 1: "88.25", 2: "176.51", 3: "264.76", 15: "1323.79", 30: "2647.58", 31: "2735.83"}
    for days, amount in expected.items():
        assert accrued_interest_target(interest, start, DUE, start + timedelta(days)) == D(amount)
    assert accrued_interest_target(interest, start, DUE, date(2024, 3, 1)) == interest
    assert accrued_interest_target(interest, start, DUE, date(2024, 1, 1)) == D("0.00")


def test_mul_rate_is_exact_half_up_also_beyond_int64() -> None:
    amounts = np.array([1, 5, 15, 25, 10**17], dtype=np.int64)
    assert mul_rate(amounts, Fraction(1, 10)).tolist() == [0, 1, 2, 3, 10**16]
    assert mul_rate(amounts, Fraction(7, 3)).tolist() == [2, 12, 35, 58, (2 * 10**17 * 7 + 3) // 6]


fen = st.integers(min_value=0, max_value=10**11)


@given(st.lists(st.tuples(fen, st.integers(0, 400), st.integers(1, 400), st.integers(-10, 900)), min_size=1, max_size=30))
def test_accrual_targets_array_equals_scalar(rows: list[tuple[int, int, int, int]]) -> None:
    interest = np.array([r[0] for r in rows], dtype=np.int64)
    start = np.array([r[1] for r in rows], dtype=np.int64)
    due = start + np.array([r[2] for r in rows], dtype=np.int64)
    as_of = rows[0][3]
    got = accrual_targets(interest, start, due, as_of).tolist()
    epoch = date(2000, 1, 1)
    for k, (i, s, length, _) in enumerate(rows):
        scalar = accrued_interest_target(
            D(i) / 100, epoch + timedelta(s), epoch + timedelta(s + length), epoch + timedelta(as_of)
        )
        assert got[k] == int(scalar * 100)


@given(
    st.lists(st.tuples(fen, fen), min_size=1, max_size=20),
    st.sampled_from([D("4.9"), D("7.35"), D("18"), D("24.3333")]),
    st.booleans(),
    st.sampled_from([360, 365]),
)
def test_penalties_array_equals_scalar(rows: list[tuple[int, int]], rate: D, compound: bool, days: int) -> None:
    terms = PenaltyTerms(rate, compound, days)
    principal = np.array([r[0] for r in rows], dtype=np.int64)
    interest = np.array([r[1] for r in rows], dtype=np.int64)
    got = penalties(principal, interest, [terms] * len(rows)).tolist()
    assert got == [int(penalty_for_day(D(p) / 100, D(i) / 100, terms) * 100) for p, i in rows]


@given(st.lists(st.tuples(fen, st.integers(0, 500), st.booleans()), min_size=1, max_size=20), st.sampled_from(list(ProvisionBasis)))
def test_provisions_array_equals_scalar(rows: list[tuple[int, int, bool]], basis: ProvisionBasis) -> None:
    policy = ProvisionPolicy(basis=basis)
    exposure = np.array([r[0] for r in rows], dtype=np.int64)
    dpd = np.array([r[1] for r in rows], dtype=np.int64)
    restructured = np.array([r[2] for r in rows])
    rank = class_ranks(dpd, restructured, ClassificationRules())
    stage = stages(dpd, rank, restructured, StageRules())
    guideline, ecl, posted = provisions(exposure, rank, stage, policy)
    for k, (amount, days, restr) in enumerate(rows):
        loan_class = classify(days, restructured=restr)
        assert int(rank[k]) == loan_class.rank
        assert int(stage[k]) == ifrs_stage(days, loan_class, restructured=restr)
        expected = provision_for(D(amount) / 100, loan_class, int(stage[k]), policy)
        assert (int(guideline[k]), int(ecl[k]), int(posted[k])) == (
            int(expected.guideline * 100), int(expected.ecl * 100), int(expected.posted * 100),
        )
