"""Vectorized portfolio schedules must equal the exact path (build_schedule) to the unit."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autolend.kernel.calendar import PeriodUnit
from autolend.kernel.money import MoneyRules, Rounding
from autolend.kernel.portfolio import (
    METHOD_CODES,
    PortfolioTerms,
    cash_flow_by_month,
    iter_portfolio_schedules,
    portfolio_cash_flow,
    portfolio_schedules,
    rate_e4,
    to_schedule,
    to_schedules,
)
from autolend.kernel.rates import DayCount, DaysInMonth, DaysInYear, InterestPer
from autolend.kernel.schedule import LoanTerms, Method, build_schedule

SUPPORTED = list(METHOD_CODES)
PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def one_loan(
    principal: int,
    rate: str,
    installments: int,
    method: Method = Method.ANNUITY,
    disbursed: str = "2024-01-15",
    **shared: object,
) -> PortfolioTerms:
    return PortfolioTerms(
        principal=np.array([principal]),
        annual_rate_e4=np.array([rate_e4(rate)]),
        installments=np.array([installments]),
        method=np.array([METHOD_CODES[method]]),
        disbursed=np.array([disbursed], "datetime64[D]"),
        **shared,  # type: ignore[arg-type]
    )


def assert_exact(loans: PortfolioTerms, **options: object) -> None:
    result = portfolio_schedules(loans, **options)  # type: ignore[arg-type]
    for i in range(len(loans)):
        expected = build_schedule(loans.loan(i))
        actual = to_schedule(result, i)
        assert actual == expected, (loans.loan(i), actual.installments, expected.installments)


# --- fixed examples with exact figures -------------------------------------------------------


def test_mortgage_example_670k_at_4_9_percent_over_360_months() -> None:
    loans = one_loan(67_000_000, "4.9", 360)
    result = portfolio_schedules(loans)
    assert result.level[0] == 355_587  # 3,555.87
    assert result.interest[0, 0] == 273_583  # 2,735.83
    assert result.principal[0, 0] == 355_587 - 273_583
    assert result.balance[0, 359] == 0
    assert result.principal[0].sum() == 67_000_000
    assert_exact(loans)


def test_equal_principal_interest_only_and_flat_examples() -> None:
    even = portfolio_schedules(one_loan(12_000_000, "6", 12, Method.EQUAL_PRINCIPAL))
    assert even.principal[0].tolist() == [1_000_000] * 12
    assert even.interest[0, 0] == 60_000 and even.interest[0, 11] == 5_000
    bullet = portfolio_schedules(one_loan(10_000_000, "6", 12, Method.INTEREST_ONLY))
    assert bullet.interest[0].tolist() == [50_000] * 12
    assert bullet.principal[0].tolist() == [0] * 11 + [10_000_000]
    flat = portfolio_schedules(one_loan(10_000_000, "12", 12, Method.FLAT))
    assert flat.interest[0].tolist() == [100_000] * 12  # 12,000.00 total, 1,000.00 a month
    assert flat.principal[0].tolist() == [833_333] * 11 + [833_337]
    assert flat.level[0] == 933_333
    for method in (Method.EQUAL_PRINCIPAL, Method.INTEREST_ONLY, Method.FLAT):
        assert_exact(one_loan(10_000_000, "12", 12, method))


def test_month_end_due_dates_come_back_to_the_31st() -> None:
    result = portfolio_schedules(one_loan(1_000_000, "10", 4, disbursed="2024-01-31"))
    assert result.due_date[0].astype(object).tolist() == [
        date(2024, 2, 29),
        date(2024, 3, 31),
        date(2024, 4, 30),
        date(2024, 5, 31),
    ]


def test_rounding_ties_follow_the_product_rule() -> None:
    # zero rate, 1,000.01 over 2: 500.005 → half-up 500.01, half-even 500.00
    for rounding, first in ((Rounding.HALF_UP, 50_001), (Rounding.HALF_EVEN, 50_000)):
        loans = one_loan(100_001, "0", 2, money=MoneyRules(rounding=rounding))
        result = portfolio_schedules(loans)
        assert result.level[0] == first
        assert_exact(loans)


@pytest.mark.parametrize("rounding", list(Rounding))
@pytest.mark.parametrize(
    ("principal", "rate_e4_value", "installments"),
    [
        (127_757_960, 150_000, 1),  # the exact EMI is a tie: 1,293,549.345
        (194_745_817, 115_775, 84),  # float EMI 3,393,949.50000026 fen: inside the tie band
        (171_711_308, 282_454, 17),
    ],
)
def test_levels_near_a_tie_are_settled_by_the_exact_path(
    rounding: Rounding, principal: int, rate_e4_value: int, installments: int
) -> None:
    loans = PortfolioTerms(
        principal=np.array([principal]),
        annual_rate_e4=np.array([rate_e4_value]),
        installments=np.array([installments]),
        method=np.array([0]),
        disbursed=np.array(["2024-01-15"], "datetime64[D]"),
        money=MoneyRules(rounding=rounding),
    )
    result = portfolio_schedules(loans)
    assert result.exact_level[0] and result.exact_rows[0]
    assert_exact(loans)


def test_principal_beyond_int64_bounds_falls_back_to_the_exact_path() -> None:
    loans = one_loan(500_000_000_000, "1000", 12)  # principal × rate_e4 > 2^62
    result = portfolio_schedules(loans)
    assert result.exact_rows[0] and not result.exact_level[0]
    assert_exact(loans)


def test_mask_and_padding_for_shorter_loans() -> None:
    loans = PortfolioTerms(
        principal=np.array([1_000_000, 2_000_000]),
        annual_rate_e4=np.array([100_000, 50_000]),
        installments=np.array([3, 5]),
        method=np.array([0, 1]),
        disbursed=np.array(["2024-01-10", "2024-02-10"], "datetime64[D]"),
    )
    result = portfolio_schedules(loans)
    assert result.principal.shape == (2, 5)
    assert result.mask.tolist() == [[True] * 3 + [False] * 2, [True] * 5]
    assert np.isnat(result.due_date[0, 3:]).all()
    assert (result.principal[0, 3:] == 0).all() and (result.balance[0, 3:] == 0).all()
    assert result.has_level.tolist() == [True, False]
    assert result.row(0)["level"] == result.level[0]
    assert len(result.row(1)["principal"]) == 5


def test_from_loan_terms_round_trips_and_chunking_does_not_matter() -> None:
    terms = [
        LoanTerms(Decimal("150000.00"), Decimal("6.5"), 36, date(2024, 1, 31)),
        LoanTerms(
            Decimal("80000.50"),
            Decimal("18.1234"),
            24,
            date(2024, 3, 1),
            method=Method.BALLOON,
            balloon=Decimal("20000.00"),
        ),
        LoanTerms(Decimal("30000.00"), Decimal("0"), 12, date(2023, 12, 29), method=Method.FLAT),
    ]
    loans = PortfolioTerms.from_loan_terms(terms)
    assert [loans.loan(i) for i in range(3)] == terms
    whole = portfolio_schedules(loans)
    for chunk in (1, 2):
        part = portfolio_schedules(loans, chunk_size=chunk)
        assert (part.principal == whole.principal).all()
        assert (part.interest == whole.interest).all()
    assert to_schedules(whole) == [build_schedule(t) for t in terms]
    starts = [start for start, _ in iter_portfolio_schedules(loans, chunk_size=2)]
    assert starts == [0, 2]


def test_forcing_the_exact_levels_changes_nothing() -> None:
    rng = np.random.default_rng(3)
    loans = random_portfolio(rng, 200, DayCount(), MoneyRules())
    fast = portfolio_schedules(loans)
    exact = portfolio_schedules(loans, force_exact_levels=True)
    assert exact.exact_rows[np.isin(loans.method, [0, 3])].all()
    for name in ("principal", "interest", "balance", "level"):
        assert (getattr(fast, name) == getattr(exact, name)).all(), name


def test_invalid_terms_are_refused() -> None:
    with pytest.raises(ValueError, match="annual_rate_e4"):
        one_loan(1_000_000, "1000.0001", 12)
    with pytest.raises(ValueError, match="balloon"):
        PortfolioTerms(
            principal=np.array([1_000_000]),
            annual_rate_e4=np.array([0]),
            installments=np.array([12]),
            method=np.array([0]),
            disbursed=np.array(["2024-01-01"], "datetime64[D]"),
            balloon=np.array([10]),
        )
    with pytest.raises(ValueError, match="installments"):
        one_loan(1_000_000, "5", 0)
    with pytest.raises(ValueError, match="4 decimal places"):
        rate_e4("4.90001")
    with pytest.raises(ValueError, match="grace"):
        PortfolioTerms.from_loan_terms(
            [LoanTerms(Decimal("100"), Decimal("5"), 12, date(2024, 1, 1), grace_principal=1)]
        )


# --- aggregates ---------------------------------------------------------------------------------


def test_cash_flow_by_month_matches_the_exact_schedules() -> None:
    rng = np.random.default_rng(11)
    loans = random_portfolio(rng, 60, DayCount(), MoneyRules())
    flows = cash_flow_by_month(portfolio_schedules(loans))
    due: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    disbursed: dict[str, int] = defaultdict(int)
    for i in range(len(loans)):
        terms = loans.loan(i)
        disbursed[terms.disbursed.strftime("%Y-%m")] += int(loans.principal[i])
        for line in build_schedule(terms).installments:
            month = due[line.due_date.strftime("%Y-%m")]
            month[0] += int(line.principal * 100)
            month[1] += int(line.interest * 100)
            month[2] += int(line.fees * 100)
    outstanding = 0
    for row in flows.rows():
        expected = due.get(row["month"], [0, 0, 0])
        assert [row["principal"], row["interest"], row["fees"]] == expected
        outstanding += disbursed.get(row["month"], 0) - expected[0]
        assert row["outstanding"] == outstanding
    assert flows.outstanding[-1] == 0
    assert flows.principal.sum() == loans.principal.sum()
    streamed = portfolio_cash_flow(loans, chunk_size=7)
    assert (streamed.month == flows.month).all()
    assert (streamed.interest == flows.interest).all()
    assert (streamed.outstanding == flows.outstanding).all()


# --- properties ----------------------------------------------------------------------------------


def random_portfolio(
    rng: np.random.Generator,
    count: int,
    day_count: DayCount,
    money: MoneyRules,
    every: int = 1,
    unit: PeriodUnit = PeriodUnit.MONTHS,
) -> PortfolioTerms:
    method = rng.integers(0, len(SUPPORTED), count)
    principal = rng.integers(100_000, 200_000_001, count)
    return PortfolioTerms(
        principal=principal,
        annual_rate_e4=rng.integers(0, 360_001, count),
        installments=rng.integers(1, 85, count),
        method=method,
        disbursed=np.datetime64("2020-01-01") + rng.integers(0, 4000, count),
        balloon=np.where(method == METHOD_CODES[Method.BALLOON], rng.integers(1, principal), 0),
        fee_per_installment=rng.integers(0, 3, count) * 1_000,
        every=every,
        unit=unit,
        day_count=day_count,
        money=money,
    )


@st.composite
def portfolios(draw: st.DrawFn, per_day: bool | None = None) -> PortfolioTerms:
    count = draw(st.integers(1, 6))
    methods = draw(st.lists(st.sampled_from(SUPPORTED), min_size=count, max_size=count))
    principals = draw(st.lists(st.integers(100_000, 200_000_000), min_size=count, max_size=count))
    balloons = [
        draw(st.integers(1, p - 1)) if m is Method.BALLOON else 0
        for m, p in zip(methods, principals)
    ]
    per = InterestPer.DAY if per_day else InterestPer.PERIOD
    if per_day is None:
        per = draw(st.sampled_from(list(InterestPer)))
    day_count = DayCount(
        draw(st.sampled_from(list(DaysInYear))), draw(st.sampled_from(list(DaysInMonth))), per
    )
    unit = draw(st.sampled_from([PeriodUnit.MONTHS, PeriodUnit.MONTHS, PeriodUnit.WEEKS]))
    return PortfolioTerms(
        principal=np.array(principals),
        annual_rate_e4=np.array(
            draw(st.lists(st.integers(0, 360_000), min_size=count, max_size=count))
        ),
        installments=np.array(draw(st.lists(st.integers(1, 84), min_size=count, max_size=count))),
        method=np.array([METHOD_CODES[m] for m in methods]),
        disbursed=np.array(
            draw(
                st.lists(
                    st.dates(date(2000, 1, 1), date(2035, 12, 31)), min_size=count, max_size=count
                )
            ),
            "datetime64[D]",
        ),
        balloon=np.array(balloons),
        every=draw(st.integers(1, 3)),
        unit=unit,
        day_count=day_count,
        money=MoneyRules(rounding=draw(st.sampled_from(list(Rounding)))),
    )


@PROPERTY
@given(portfolios(per_day=False))
def test_vectorized_equals_exact_per_period_interest(loans: PortfolioTerms) -> None:
    assert_exact(loans)


@PROPERTY
@given(portfolios(per_day=True))
def test_vectorized_equals_exact_per_day_interest(loans: PortfolioTerms) -> None:
    assert_exact(loans)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    money=st.builds(
        MoneyRules,
        decimals=st.just(2),
        rounding=st.sampled_from(list(Rounding)),
        amount_multiples_of=st.sampled_from([None, Decimal("0.10"), Decimal("1")]),
        installment_multiples_of=st.sampled_from([None, Decimal("0.01"), Decimal("1")]),
    ),
)
def test_vectorized_equals_exact_with_multiples(seed: int, money: MoneyRules) -> None:
    rng = np.random.default_rng(seed)
    loans = random_portfolio(rng, 40, DayCount(), MoneyRules())
    step = money.amount_multiples_of
    if step is not None:  # amounts must be multiples of the amount step
        units = int(step * 100)
        loans = PortfolioTerms(
            principal=loans.principal // units * units,
            annual_rate_e4=loans.annual_rate_e4,
            installments=loans.installments,
            method=loans.method,
            disbursed=loans.disbursed,
            balloon=np.where(
                loans.method == METHOD_CODES[Method.BALLOON],
                np.maximum(loans.balloons() // units * units, units),
                0,
            ),
            fee_per_installment=loans.fees() // units * units,
            money=money,
        )
    else:
        loans = PortfolioTerms(
            principal=loans.principal,
            annual_rate_e4=loans.annual_rate_e4,
            installments=loans.installments,
            method=loans.method,
            disbursed=loans.disbursed,
            balloon=loans.balloon,
            fee_per_installment=loans.fee_per_installment,
            money=money,
        )
    assert_exact(loans, chunk_size=int(rng.integers(1, 50)))
