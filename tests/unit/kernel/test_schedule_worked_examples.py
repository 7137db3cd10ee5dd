"""Worked examples: every method and setting with exact fen figures verified independently.

Every figure below was checked by hand (the arithmetic is in the comments) or with numpy_financial
for the level instalment; the tables were reproduced with a separate scratch calculator (plain
fractions, no autolend code) before being written here. r is the periodic rate.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import numpy_financial as npf  # type: ignore[import-untyped]
import pytest

from autolend.kernel.calendar import PeriodUnit
from autolend.kernel.money import MoneyRules, Rounding
from autolend.kernel.rates import DayCount, DaysInMonth, DaysInYear, InterestPer
from autolend.kernel.schedule import LoanTerms, Method, Schedule, build_schedule

D = Decimal
PER_DAY_365 = DayCount(DaysInYear.D365, DaysInMonth.ACTUAL, InterestPer.DAY)


def table(schedule: Schedule) -> list[tuple[str, str, str]]:
    """(principal, interest, balance) of every row, as strings."""
    return [(str(r.principal), str(r.interest), str(r.balance)) for r in schedule.installments]


def fen(value: float) -> Decimal:
    return D(str(value)).quantize(D("0.01"))


# --- DOMAIN.md check ---------------------------------------------------------------------------


def test_domain_check_670000_at_4_9_percent_over_360_months() -> None:
    # r = 4.9% / 12; A = P·r·(1+r)^n / ((1+r)^n − 1) = 3,555.869… → 3,555.87 (numpy_financial agrees).
    assert fen(npf.pmt(0.049 / 12, 360, -670000)) == D("3555.87")
    s = build_schedule(LoanTerms(principal=D("670000"), annual_rate=D("4.9"), installments=360, disbursed=date(2024, 1, 1)))
    assert s.regular_installment == D("3555.87")
    first = s.installments[0]
    # 670,000 × 0.049 / 12 = 2,735.833… → 2,735.83; principal 3,555.87 − 2,735.83 = 820.04.
    assert (first.interest, first.principal, first.balance) == (D("2735.83"), D("820.04"), D("669179.96"))
    assert s.total_principal == D("670000.00")
    assert s.installments[-1].balance == D("0.00")
    assert all(r.total == D("3555.87") for r in s.installments[:-1])


# --- methods -----------------------------------------------------------------------------------


def test_annuity_12000_at_12_percent_over_12_months() -> None:
    # r = 1%; npf.pmt(0.01, 12, -12000) = 1,066.1855 → 1,066.19.
    assert fen(npf.pmt(0.01, 12, -12000)) == D("1066.19")
    s = build_schedule(LoanTerms(principal=D("12000"), annual_rate=D("12"), installments=12, disbursed=date(2024, 1, 15)))
    assert s.regular_installment == D("1066.19")
    assert table(s) == [
        ("946.19", "120.00", "11053.81"),  # 12,000 × 1% = 120.00
        ("955.65", "110.54", "10098.16"),  # 11,053.81 × 1% = 110.5381 → 110.54
        ("965.21", "100.98", "9132.95"),
        ("974.86", "91.33", "8158.09"),
        ("984.61", "81.58", "7173.48"),
        ("994.46", "71.73", "6179.02"),
        ("1004.40", "61.79", "5174.62"),
        ("1014.44", "51.75", "4160.18"),
        ("1024.59", "41.60", "3135.59"),
        ("1034.83", "31.36", "2100.76"),
        ("1045.18", "21.01", "1055.58"),
        ("1055.58", "10.56", "0.00"),  # last: the remaining 1,055.58 + 10.5558 → 10.56 = 1,066.14
    ]
    assert s.installments[-1].total == D("1066.14")
    assert [r.due_date for r in s.installments[:2]] == [date(2024, 2, 15), date(2024, 3, 15)]


def test_equal_principal_12000_at_12_percent_over_12_months() -> None:
    # Principal 12,000 / 12 = 1,000; interest 1% of the balance: 120, 110, …, 10; total 780.
    s = build_schedule(
        LoanTerms(
            principal=D("12000"),
            annual_rate=D("12"),
            installments=12,
            disbursed=date(2024, 1, 15),
            method=Method.EQUAL_PRINCIPAL,
        )
    )
    assert [r.principal for r in s.installments] == [D("1000.00")] * 12
    assert [r.interest for r in s.installments] == [D(120 - 10 * k).quantize(D("0.01")) for k in range(12)]
    assert [r.total for r in s.installments][:2] == [D("1120.00"), D("1110.00")]
    assert s.total_interest == D("780.00")
    assert s.regular_installment is None


def test_equal_principal_last_row_takes_the_remainder() -> None:
    # 10,000 / 3 = 3,333.33 (x2) and 3,333.34 last; interest 1%: 100.00, 66.67 (66.6667), 33.33 (33.3334).
    s = build_schedule(
        LoanTerms(
            principal=D("10000"), annual_rate=D("12"), installments=3, disbursed=date(2024, 1, 1), method=Method.EQUAL_PRINCIPAL
        )
    )
    assert table(s) == [("3333.33", "100.00", "6666.67"), ("3333.33", "66.67", "3333.34"), ("3333.34", "33.33", "0.00")]


def test_interest_only_then_bullet() -> None:
    # 先息后本: 100,000 × 6% / 12 = 500 a month, principal with the last instalment.
    s = build_schedule(
        LoanTerms(
            principal=D("100000"), annual_rate=D("6"), installments=12, disbursed=date(2024, 1, 1), method=Method.INTEREST_ONLY
        )
    )
    assert all(r.principal == 0 and r.interest == D("500.00") for r in s.installments[:-1])
    assert s.installments[-1].total == D("100500.00")
    assert s.total_interest == D("6000.00")


def test_balloon_40000_due_with_the_last_instalment() -> None:
    # 尾款: r = 0.5%; npf.pmt(0.005, 12, -100000, 40000) = 5,363.9858 → 5,363.99 (annuity on P − B·v¹²).
    assert fen(npf.pmt(0.005, 12, -100000, 40000)) == D("5363.99")
    s = build_schedule(
        LoanTerms(
            principal=D("100000"),
            annual_rate=D("6"),
            installments=12,
            disbursed=date(2024, 1, 1),
            method=Method.BALLOON,
            balloon=D("40000"),
        )
    )
    assert s.regular_installment == D("5363.99")
    assert table(s)[:2] == [("4863.99", "500.00", "95136.01"), ("4888.31", "475.68", "90247.70")]
    # Row 11 leaves 45,138.24 = the balloon + 5,138.24 of rounding-free annuity principal; row 12
    # pays it with 45,138.24 × 0.5% = 225.6912 → 225.69 interest.
    assert table(s)[-2:] == [("5112.74", "251.25", "45138.24"), ("45138.24", "225.69", "0.00")]
    assert s.installments[-1].total == D("45363.93")


def test_flat_interest_spread_evenly() -> None:
    # 平息: 12,000 × 1% × 12 = 1,440 interest, 120 a month; principal 1,000 a month.
    s = build_schedule(
        LoanTerms(principal=D("12000"), annual_rate=D("12"), installments=12, disbursed=date(2024, 1, 1), method=Method.FLAT)
    )
    assert all((r.principal, r.interest) == (D("1000.00"), D("120.00")) for r in s.installments)
    assert s.regular_installment == D("1120.00")
    assert s.total_interest == D("1440.00")


def test_flat_with_remainders_in_the_last_row() -> None:
    # 10,000 × 10%/12 × 3 = 250.00 interest: 83.33, 83.33, 83.34; principal 3,333.33 ×2, 3,333.34.
    s = build_schedule(
        LoanTerms(principal=D("10000"), annual_rate=D("10"), installments=3, disbursed=date(2024, 1, 1), method=Method.FLAT)
    )
    assert table(s) == [("3333.33", "83.33", "6666.67"), ("3333.33", "83.33", "3333.34"), ("3333.34", "83.34", "0.00")]
    assert s.regular_installment == D("3416.66")


# --- day counts --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_in_year", "first_interest"),
    [
        (DaysInYear.D360, "628.61"),  # 100,000 × 7.3% × 31/360 = 628.611
        (DaysInYear.D364, "621.70"),  # × 31/364 = 621.703
        (DaysInYear.D365, "620.00"),  # × 31/365 = 620.000
        (DaysInYear.ACTUAL, "618.31"),  # 2024 has 366 days: × 31/366 = 618.306
    ],
)
def test_days_in_year_with_per_day_interest(days_in_year: DaysInYear, first_interest: str) -> None:
    s = build_schedule(
        LoanTerms(
            principal=D("100000"),
            annual_rate=D("7.3"),
            installments=12,
            disbursed=date(2024, 1, 1),
            day_count=DayCount(days_in_year, DaysInMonth.ACTUAL, InterestPer.DAY),
        )
    )
    assert s.installments[0].interest == D(first_interest)
    assert s.installments[-1].balance == 0


def test_per_day_interest_level_instalment_solved_over_the_actual_period_rates() -> None:
    # 3,000 at 12%, 365-day year, from 2024-01-01: periods of 31, 29 and 31 days,
    # r_k = 0.12 × d_k / 365. The instalment A with Σ A / Π(1 + r_j) = 3,000 is 1,020.0118 → 1,020.01.
    rates = [Fraction(12, 100) * Fraction(days, 365) for days in (31, 29, 31)]
    discount, factor = Fraction(1), Fraction(0)
    for rate in rates:
        discount /= 1 + rate
        factor += discount
    assert fen(float(3000 / factor)) == D("1020.01")
    s = build_schedule(
        LoanTerms(principal=D("3000"), annual_rate=D("12"), installments=3, disbursed=date(2024, 1, 1), day_count=PER_DAY_365)
    )
    assert s.regular_installment == D("1020.01")
    assert table(s) == [
        ("989.43", "30.58", "2010.57"),  # 3,000 × 0.12 × 31/365 = 30.575 → 30.58
        ("1000.84", "19.17", "1009.73"),  # 2,010.57 × 0.12 × 29/365 = 19.169
        ("1009.73", "10.29", "0.00"),  # 1,009.73 × 0.12 × 31/365 = 10.291; last row 1,020.02
    ]


def test_actual_days_in_year_across_new_year() -> None:
    # 10,000 at 12%, 2023-12-12 → 2024-01-12: the days after the start up to the due date are 19 in
    # 2023 and 12 in 2024: 1,200 × (19/365 + 12/366) = 62.466 + 39.344 = 101.81.
    s = build_schedule(
        LoanTerms(
            principal=D("10000"),
            annual_rate=D("12"),
            installments=6,
            disbursed=date(2023, 12, 12),
            day_count=DayCount(DaysInYear.ACTUAL, DaysInMonth.ACTUAL, InterestPer.DAY),
        )
    )
    assert s.installments[0].interest == D("101.81")


@pytest.mark.parametrize(
    ("days_in_month", "expected"),
    [
        # 30-day months: every month 10,000 × 12% × 30/360 = 1%: pmt(1%, 3) = 3,400.22.
        (DaysInMonth.D30, [("3300.22", "100.00", "6699.78"), ("3333.22", "67.00", "3366.56"), ("3366.56", "33.67", "0.00")]),
        # Actual days: 31/360, 29/360, 31/360 of 12%: 103.33 (103.333), 64.79 (6,702.36 × 0.12 × 29/360 = 64.789),
        # 34.78; the level instalment solved over these rates is 3,400.97.
        (DaysInMonth.ACTUAL, [("3297.64", "103.33", "6702.36"), ("3336.18", "64.79", "3366.18"), ("3366.18", "34.78", "0.00")]),
    ],
)
def test_days_in_month_30_versus_actual(days_in_month: DaysInMonth, expected: list[tuple[str, str, str]]) -> None:
    s = build_schedule(
        LoanTerms(
            principal=D("10000"),
            annual_rate=D("12"),
            installments=3,
            disbursed=date(2024, 1, 1),
            day_count=DayCount(DaysInYear.D360, days_in_month, InterestPer.DAY),
        )
    )
    assert table(s) == expected


# --- irregular first period --------------------------------------------------------------------


def test_first_due_date_given_per_period_interest_prorates_the_first_period() -> None:
    # 10,000 at 12%/yr, disbursed 2022-11-01, first due 2022-12-15: 1 month + 14/31 of the next
    # → r₁ = 1% × 45/31, interest 145.161 → 145.16. The instalment is the pmt of the regular 1% over
    # 3 periods, npf.pmt(0.01, 3, -10000) = 3,400.22; the last row absorbs the longer first period.
    assert fen(npf.pmt(0.01, 3, -10000)) == D("3400.22")
    s = build_schedule(
        LoanTerms(
            principal=D("10000"),
            annual_rate=D("12"),
            installments=3,
            disbursed=date(2022, 11, 1),
            first_due=date(2022, 12, 15),
        )
    )
    assert [r.due_date for r in s.installments] == [date(2022, 12, 15), date(2023, 1, 15), date(2023, 2, 15)]
    assert table(s) == [
        ("3255.06", "145.16", "6744.94"),
        ("3332.77", "67.45", "3412.17"),  # 6,744.94 × 1% = 67.4494
        ("3412.17", "34.12", "0.00"),
    ]
    assert s.installments[-1].total == D("3446.29")


def test_first_due_date_given_per_day_interest_solves_the_instalment_over_actual_periods() -> None:
    # Same loan, per day on a 365-day year: 44, 31 and 31 days; A solved over those rates = 3,415.899 → 3,415.90.
    s = build_schedule(
        LoanTerms(
            principal=D("10000"),
            annual_rate=D("12"),
            installments=3,
            disbursed=date(2022, 11, 1),
            first_due=date(2022, 12, 15),
            day_count=PER_DAY_365,
        )
    )
    assert s.regular_installment == D("3415.90")
    assert table(s) == [
        ("3271.24", "144.66", "6728.76"),  # 10,000 × 0.12 × 44/365 = 144.658
        ("3347.32", "68.58", "3381.44"),  # 6,728.76 × 0.12 × 31/365 = 68.578
        ("3381.44", "34.46", "0.00"),  # 3,381.44 × 0.12 × 31/365 = 34.463; last row 3,415.90
    ]


def test_long_first_period_pays_its_interest_and_no_negative_principal() -> None:
    # 10,000 at 36%/yr (3% a month), 60 months, disbursed 2024-01-01, first due 2024-02-29:
    # 1 month + 28/29 → r₁ = 3% × 57/29, interest 589.655 → 589.66, more than the instalment
    # npf.pmt(0.03, 60, -10000) = 361.33: the row pays its interest and no principal (never negative).
    assert fen(npf.pmt(0.03, 60, -10000)) == D("361.33")
    s = build_schedule(
        LoanTerms(principal=D("10000"), annual_rate=D("36"), installments=60, disbursed=date(2024, 1, 1), first_due=date(2024, 2, 29))
    )
    assert table(s)[:2] == [("0.00", "589.66", "10000.00"), ("61.33", "300.00", "9938.67")]
    assert s.installments[-1].due_date == date(2029, 1, 29)
    assert table(s)[-1] == ("691.39", "20.74", "0.00")  # the last row absorbs the longer first period


# --- grace -------------------------------------------------------------------------------------


def test_grace_on_principal() -> None:
    # Two interest-only rows (12,000 × 1% = 120), then the pmt over the 4 remaining periods:
    # npf.pmt(0.01, 4, -12000) = 3,075.373 → 3,075.37.
    assert fen(npf.pmt(0.01, 4, -12000)) == D("3075.37")
    s = build_schedule(
        LoanTerms(principal=D("12000"), annual_rate=D("12"), installments=6, disbursed=date(2024, 1, 1), grace_principal=2)
    )
    assert s.regular_installment == D("3075.37")
    assert table(s) == [
        ("0.00", "120.00", "12000.00"),
        ("0.00", "120.00", "12000.00"),
        ("2955.37", "120.00", "9044.63"),
        ("2984.92", "90.45", "6059.71"),  # 9,044.63 × 1% = 90.4463
        ("3014.77", "60.60", "3044.94"),
        ("3044.94", "30.45", "0.00"),
    ]


def test_grace_on_interest_annuity_accrues_and_pays_with_the_first_row_after() -> None:
    # Fineract's grace on interest payment: row 1's 120.00 accrues; principal is still EMI − 120.
    # Row 2 pays 120.00 + 90.45 (9,044.63 × 1%) = 210.45.
    s = build_schedule(
        LoanTerms(principal=D("12000"), annual_rate=D("12"), installments=4, disbursed=date(2024, 1, 1), grace_interest=1)
    )
    assert s.regular_installment == D("3075.37")
    assert table(s) == [
        ("2955.37", "0.00", "9044.63"),
        ("2984.92", "210.45", "6059.71"),
        ("3014.77", "60.60", "3044.94"),
        ("3044.94", "30.45", "0.00"),
    ]


def test_grace_on_interest_equal_principal() -> None:
    # 2,000 a month; interest 120 (12,000 × 1%) and 100 (10,000 × 1%) accrue, row 3 pays 120 + 100 + 80.
    s = build_schedule(
        LoanTerms(
            principal=D("12000"),
            annual_rate=D("12"),
            installments=6,
            disbursed=date(2024, 1, 1),
            method=Method.EQUAL_PRINCIPAL,
            grace_interest=2,
        )
    )
    assert [r.interest for r in s.installments] == [D(x) for x in ("0.00", "0.00", "300.00", "60.00", "40.00", "20.00")]
    assert s.total_interest == D("420.00")


def test_grace_on_interest_flat_spreads_the_interest_over_the_paying_rows() -> None:
    # Flat 1,200 × 1% × 6 = 72 interest over the 4 rows after a 2-row grace: 18.00 each.
    s = build_schedule(
        LoanTerms(
            principal=D("1200"), annual_rate=D("12"), installments=6, disbursed=date(2024, 1, 1), method=Method.FLAT, grace_interest=2
        )
    )
    assert [r.interest for r in s.installments] == [D(x) for x in ("0.00", "0.00", "18.00", "18.00", "18.00", "18.00")]
    assert [r.principal for r in s.installments] == [D("200.00")] * 6


# --- rounding ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("rounding", "interest"), [(Rounding.HALF_UP, "100.01"), (Rounding.HALF_EVEN, "100.00")])
def test_half_up_versus_half_even_on_a_tie(rounding: Rounding, interest: str) -> None:
    # 10,000.50 × 1% = 100.005 exactly: half-up 100.01, half-even 100.00 (0 is even).
    s = build_schedule(
        LoanTerms(
            principal=D("10000.50"),
            annual_rate=D("12"),
            installments=2,
            disbursed=date(2024, 1, 1),
            method=Method.INTEREST_ONLY,
            money=MoneyRules(rounding=rounding),
        )
    )
    assert [r.interest for r in s.installments] == [D(interest), D(interest)]


@pytest.mark.parametrize(("rounding", "principal"), [(Rounding.HALF_UP, "250.03"), (Rounding.HALF_EVEN, "250.02")])
def test_half_up_versus_half_even_on_equal_principal(rounding: Rounding, principal: str) -> None:
    # 1,000.10 / 4 = 250.025: half-up 250.03, half-even 250.02; the last row takes the rest.
    s = build_schedule(
        LoanTerms(
            principal=D("1000.10"),
            annual_rate=D("0"),
            installments=4,
            disbursed=date(2024, 1, 1),
            method=Method.EQUAL_PRINCIPAL,
            money=MoneyRules(rounding=rounding),
        )
    )
    assert [r.principal for r in s.installments[:3]] == [D(principal)] * 3
    assert s.installments[-1].principal == D("1000.10") - 3 * D(principal)


def test_zero_decimals() -> None:
    # Whole yuan: npf.pmt(10%/12, 12, -12000) = 1,054.99 → 1,055; interest 12,000 × 10/1200 = 100.
    assert round(npf.pmt(0.1 / 12, 12, -12000)) == 1055
    s = build_schedule(
        LoanTerms(
            principal=D("12000"), annual_rate=D("10"), installments=12, disbursed=date(2024, 1, 1), money=MoneyRules(decimals=0)
        )
    )
    assert s.regular_installment == D("1055")
    assert table(s)[:3] == [("955", "100", "11045"), ("963", "92", "10082"), ("971", "84", "9111")]  # 92.04 → 92
    assert table(s)[-1] == ("1046", "9", "0")  # 1,046 × 10/1200 = 8.72 → 9


def test_amount_in_multiples_of_ten_fen() -> None:
    # Every amount in jiao (0.10): EMI 1,066.19 → 1,066.20; interest 11,053.80 × 1% = 110.538 → 110.50.
    s = build_schedule(
        LoanTerms(
            principal=D("12000"),
            annual_rate=D("12"),
            installments=12,
            disbursed=date(2024, 1, 1),
            money=MoneyRules(amount_multiples_of=D("0.10")),
        )
    )
    assert s.regular_installment == D("1066.20")
    assert table(s)[:3] == [("946.20", "120.00", "11053.80"), ("955.70", "110.50", "10098.10"), ("965.20", "101.00", "9132.90")]
    assert table(s)[-1] == ("1055.40", "10.60", "0.00")  # 1,055.40 × 1% = 10.554 → 10.60 (nearest 0.10)


def test_instalment_in_multiples_of_ten_yuan() -> None:
    # EMI 1,066.19 rounded to the nearest 10 yuan: 1,070.00; the last row absorbs: 1,011.52 + 10.12.
    s = build_schedule(
        LoanTerms(
            principal=D("12000"),
            annual_rate=D("12"),
            installments=12,
            disbursed=date(2024, 1, 1),
            money=MoneyRules(installment_multiples_of=D("10")),
        )
    )
    assert s.regular_installment == D("1070.00")
    assert all(r.total == D("1070.00") for r in s.installments[:-1])
    assert table(s)[1] == ("959.50", "110.50", "10090.50")  # 11,050 × 1% = 110.50
    assert s.installments[-1].total == D("1021.64")


def test_flat_instalment_in_multiples_of_one_yuan() -> None:
    # Fineract: principal = R(3,333.33) + R(83.33) − 83.33 = 3,333 + 83 − 83.33 = 3,332.67; row = 3,416.00.
    # Last row: 10,000 − 2 × 3,332.67 = 3,334.66 principal and 250 − 2 × 83.33 = 83.34 interest.
    s = build_schedule(
        LoanTerms(
            principal=D("10000"),
            annual_rate=D("10"),
            installments=3,
            disbursed=date(2024, 1, 1),
            method=Method.FLAT,
            money=MoneyRules(installment_multiples_of=D("1")),
        )
    )
    assert table(s) == [("3332.67", "83.33", "6667.33"), ("3332.67", "83.33", "3334.66"), ("3334.66", "83.34", "0.00")]
    assert s.regular_installment == D("3416.00")
    assert [r.total for r in s.installments] == [D("3416.00"), D("3416.00"), D("3418.00")]


# --- fees --------------------------------------------------------------------------------------


def test_fees_per_instalment_and_upfront() -> None:
    s = build_schedule(
        LoanTerms(
            principal=D("12000"),
            annual_rate=D("12"),
            installments=12,
            disbursed=date(2024, 1, 1),
            fee_per_installment=D("50"),
            fee_upfront=D("1000"),
        )
    )
    assert all(r.fees == D("50.00") for r in s.installments)
    assert s.installments[0].total == D("1066.19") + D("50.00")
    assert s.total_fees == D("1600.00")  # 12 × 50 + 1,000 upfront (paid at disbursement, not in a row)
    assert s.total_repayment == s.total_principal + s.total_interest + D("600.00")
    assert s.regular_installment == D("1066.19")  # fees do not enter the level instalment


# --- frequencies -------------------------------------------------------------------------------


def test_weekly() -> None:
    # r = 10.4% / 52 = 0.2%; npf.pmt(0.002, 4, -5200) = 1,306.506 → 1,306.51; interest 5,200 × 0.2% = 10.40.
    assert fen(npf.pmt(0.104 / 52, 4, -5200)) == D("1306.51")
    s = build_schedule(
        LoanTerms(principal=D("5200"), annual_rate=D("10.4"), installments=4, disbursed=date(2024, 1, 1), unit=PeriodUnit.WEEKS)
    )
    assert [r.due_date for r in s.installments] == [date(2024, 1, 8), date(2024, 1, 15), date(2024, 1, 22), date(2024, 1, 29)]
    assert table(s) == [
        ("1296.11", "10.40", "3903.89"),
        ("1298.70", "7.81", "2605.19"),  # 3,903.89 × 0.2% = 7.808
        ("1301.30", "5.21", "1303.89"),
        ("1303.89", "2.61", "0.00"),
    ]


def test_weekly_per_day_interest() -> None:
    # Per day on 365: 7 × 10.4% / 365 a week; first week 5,200 × 0.104 × 7/365 = 10.371 → 10.37.
    s = build_schedule(
        LoanTerms(
            principal=D("5200"),
            annual_rate=D("10.4"),
            installments=4,
            disbursed=date(2024, 1, 1),
            unit=PeriodUnit.WEEKS,
            day_count=PER_DAY_365,
        )
    )
    assert s.installments[0].interest == D("10.37")


def test_every_two_months() -> None:
    # r = 12% × 2/12 = 2%; npf.pmt(0.02, 3, -6000) = 2,080.528 → 2,080.53; dates from Jan 31 month-end safe.
    assert fen(npf.pmt(0.02, 3, -6000)) == D("2080.53")
    s = build_schedule(LoanTerms(principal=D("6000"), annual_rate=D("12"), installments=3, disbursed=date(2024, 1, 31), every=2))
    assert [r.due_date for r in s.installments] == [date(2024, 3, 31), date(2024, 5, 31), date(2024, 7, 31)]
    assert table(s) == [("1960.53", "120.00", "4039.47"), ("1999.74", "80.79", "2039.73"), ("2039.73", "40.79", "0.00")]


def test_every_thirty_days() -> None:
    # Per period with a 360-day year: r = 12% × 30/360 = 1%; npf.pmt(0.01, 3, -9000) = 3,060.199 → 3,060.20.
    s = build_schedule(
        LoanTerms(principal=D("9000"), annual_rate=D("12"), installments=3, disbursed=date(2024, 1, 31), every=30, unit=PeriodUnit.DAYS)
    )
    assert [r.due_date for r in s.installments] == [date(2024, 3, 1), date(2024, 3, 31), date(2024, 4, 30)]
    assert table(s) == [("2970.20", "90.00", "6029.80"), ("2999.90", "60.30", "3029.90"), ("3029.90", "30.30", "0.00")]


def test_zero_rate_annuity_splits_the_principal() -> None:
    s = build_schedule(LoanTerms(principal=D("1000"), annual_rate=D("0"), installments=3, disbursed=date(2024, 1, 1)))
    assert table(s) == [("333.33", "0.00", "666.67"), ("333.33", "0.00", "333.34"), ("333.34", "0.00", "0.00")]
