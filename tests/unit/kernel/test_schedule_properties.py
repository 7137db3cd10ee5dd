"""Properties of every schedule, over random terms across all methods and settings (hypothesis).

The generated loans stay within the product range the properties are stated for: a term of at most
five years (the legal maximum for car loans), at most 36% a year, a first period no longer than a
regular one, a balloon of at most half the principal, and multiples small against the principal.
Outside that range an instalment can be smaller than one period's interest; the kernel then pays no
principal in that row rather than let the balance grow (see the worked examples for long periods).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from autolend.kernel.calendar import PeriodUnit, add_periods
from autolend.kernel.money import MoneyRules, Rounding
from autolend.kernel.rates import DayCount, DaysInMonth, DaysInYear, InterestPer
from autolend.kernel.schedule import LoanTerms, Method, Schedule, build_schedule

D = Decimal
MAX_TERM_DAYS = 5 * 366


@dataclass(frozen=True)
class Case:
    terms: LoanTerms
    amount_step: Decimal  # the quantum, or amount_multiples_of


@st.composite
def cases(draw: st.DrawFn, methods: tuple[Method, ...] = tuple(Method), zero_rate: bool = False) -> Case:
    decimals = draw(st.sampled_from([0, 1, 2, 2, 2, 3]))
    quantum = D(1).scaleb(-decimals)
    amount_multiple = draw(st.sampled_from([None, None, 1, 5, 10]))
    amount_step = quantum * (amount_multiple or 1)
    installment_multiple = draw(st.sampled_from([None, None, 1, 2, 10]))
    money = MoneyRules(
        decimals=decimals,
        rounding=draw(st.sampled_from(list(Rounding))),
        amount_multiples_of=None if amount_multiple is None else amount_step,
        installment_multiples_of=None if installment_multiple is None else amount_step * installment_multiple,
    )
    method = draw(st.sampled_from(methods))
    unit = draw(st.sampled_from(list(PeriodUnit)))
    every = {
        PeriodUnit.MONTHS: draw(st.integers(1, 3)),
        PeriodUnit.WEEKS: draw(st.integers(1, 2)),
        PeriodUnit.DAYS: draw(st.integers(7, 30)),
    }[unit]
    disbursed = draw(st.dates(date(2019, 1, 1), date(2031, 12, 31)))
    period_days = (add_periods(disbursed, 1, every, unit) - disbursed).days
    installments = draw(st.integers(1, max(1, min(60, MAX_TERM_DAYS // period_days))))
    first_due = None
    if draw(st.booleans()):
        first_due = disbursed + timedelta(days=draw(st.integers(1, period_days)))
    principal_steps = draw(st.integers(100_000, 100_000_000))
    balloon = D(0)
    if method is Method.BALLOON:
        balloon = amount_step * draw(st.integers(1, principal_steps // 2))
    rate = D(0) if zero_rate else draw(st.sampled_from([D(0), D("0.01"), D("4.9"), D(12), D(36)]) | st.decimals(0, 36, places=4))
    terms = LoanTerms(
        principal=amount_step * principal_steps,
        annual_rate=rate,
        installments=installments,
        disbursed=disbursed,
        every=every,
        unit=unit,
        first_due=first_due,
        method=method,
        balloon=balloon,
        day_count=DayCount(
            draw(st.sampled_from(list(DaysInYear))),
            draw(st.sampled_from(list(DaysInMonth))),
            draw(st.sampled_from(list(InterestPer))),
        ),
        grace_principal=draw(st.integers(0, installments - 1)),
        grace_interest=draw(st.integers(0, installments - 1)),
        money=money,
        fee_upfront=amount_step * draw(st.integers(0, 1000)),
        fee_per_installment=amount_step * draw(st.integers(0, 100)),
    )
    return Case(terms, amount_step)


def check_common(case: Case, schedule: Schedule) -> None:
    terms, rows = case.terms, schedule.installments
    assert len(rows) == terms.installments
    assert schedule.total_principal == terms.principal  # principal sums exactly to the loan
    assert rows[-1].balance == 0
    quantum = terms.money.quantum
    paid = D(0)
    previous_due = terms.disbursed
    for row in rows:
        paid += row.principal
        assert row.balance >= 0
        assert row.balance == terms.principal - paid
        assert row.principal >= 0 and row.interest >= 0
        assert row.fees == terms.fee_per_installment
        assert row.total == row.principal + row.interest + row.fees
        for amount in (row.principal, row.interest, row.fees, row.balance, row.total):
            assert amount % quantum == 0 and amount % case.amount_step == 0
            assert amount.as_tuple().exponent == -terms.money.decimals
        assert row.from_date == previous_due < row.due_date
        previous_due = row.due_date
    assert schedule.total_fees == terms.fee_upfront + terms.fee_per_installment * terms.installments


@settings(max_examples=400, deadline=None)
@given(cases())
def test_every_schedule_balances(case: Case) -> None:
    check_common(case, build_schedule(case.terms))


@settings(max_examples=300, deadline=None)
@given(cases(methods=(Method.ANNUITY, Method.BALLOON)))
def test_level_instalment_constant_but_the_last_and_the_first_after_interest_grace(case: Case) -> None:
    terms = case.terms
    schedule = build_schedule(terms)
    check_common(case, schedule)
    level = schedule.regular_installment
    assert level is not None
    if terms.money.installment_multiples_of is not None:
        assert level % terms.money.installment_multiples_of == 0
    rows = schedule.installments
    grace_p, grace_i, count = terms.grace_principal, terms.grace_interest, terms.installments
    # Per-period interest with an irregular first period keeps Fineract's pmt of the regular rate,
    # so the balance may run out early (or late) and the last row absorbs the first period's
    # difference; the level is exact for regular periods and for per-day interest.
    if terms.first_due is not None and terms.day_count.interest_per is InterestPer.PERIOD:
        return
    for k, row in enumerate(rows[:-1], start=1):
        if k <= grace_p:
            assert row.principal == 0
        if k <= grace_i:
            assert row.interest == 0
            if k > grace_p:  # principal is still level − the accrued interest
                assert 0 < row.principal <= level
        elif k == grace_i + 1 and grace_i > 0 and k > grace_p:
            assert row.principal + row.interest >= level  # the accrued interest comes on top
        elif k > grace_p:
            assert row.principal + row.interest == level
    if count - 1 > max(grace_p, grace_i) and terms.method is Method.ANNUITY:
        # The last row absorbs only rounding: within one rounding step per period.
        slack = (case.amount_step + (terms.money.installment_multiples_of or 0)) * count
        assert abs(rows[-1].principal + rows[-1].interest - level) <= slack
    if terms.method is Method.BALLOON:
        assert rows[-1].principal >= terms.balloon


@settings(max_examples=200, deadline=None)
@given(cases(methods=(Method.EQUAL_PRINCIPAL,)))
def test_equal_principal_constant_but_the_last(case: Case) -> None:
    schedule = build_schedule(case.terms)
    check_common(case, schedule)
    grace_p = case.terms.grace_principal
    amortizing = [row.principal for row in schedule.installments[grace_p:-1]]
    assert len(set(amortizing)) <= 1
    assert all(row.principal == 0 for row in schedule.installments[:grace_p])
    if amortizing:
        assert schedule.installments[-1].principal <= amortizing[0] + case.amount_step * len(amortizing)


@settings(max_examples=200, deadline=None)
@given(cases(methods=(Method.INTEREST_ONLY,)))
def test_interest_only_rows_carry_no_principal_before_the_last(case: Case) -> None:
    schedule = build_schedule(case.terms)
    check_common(case, schedule)
    assert all(row.principal == 0 for row in schedule.installments[:-1])
    assert schedule.installments[-1].principal == case.terms.principal


@settings(max_examples=200, deadline=None)
@given(cases(methods=(Method.FLAT,)))
def test_flat_interest_and_principal_constant_but_the_last(case: Case) -> None:
    terms = case.terms
    schedule = build_schedule(terms)
    check_common(case, schedule)
    rows = schedule.installments[:-1]
    start = max(terms.grace_principal, terms.grace_interest)
    paying = terms.installments - terms.grace_interest
    if schedule.total_interest >= case.amount_step * paying * paying:
        assert len({row.interest for row in rows[terms.grace_interest :]}) <= 1
        assert len({row.principal for row in rows[start:]}) <= 1
    else:  # a tiny total: rows pay the rounded share while it lasts, never more than the total
        interests = [row.interest for row in schedule.installments[terms.grace_interest :]]
        assert interests[:-1] == sorted(interests[:-1], reverse=True)
    assert all(row.interest == 0 for row in rows[: terms.grace_interest])
    assert all(row.principal == 0 for row in rows[: terms.grace_principal])


@settings(max_examples=150, deadline=None)
@given(cases(zero_rate=True))
def test_zero_rate_gives_zero_interest(case: Case) -> None:
    schedule = build_schedule(case.terms)
    check_common(case, schedule)
    assert schedule.total_interest == 0
    assert all(row.interest == 0 for row in schedule.installments)


@settings(max_examples=100, deadline=None)
@given(cases())
def test_schedule_is_deterministic(case: Case) -> None:
    assert build_schedule(case.terms) == build_schedule(case.terms)
