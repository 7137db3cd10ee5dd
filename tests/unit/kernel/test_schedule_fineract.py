"""Agreement with Apache Fineract: schedules that Fineract's own tests expect, figure for figure.

Sources (apache/fineract, fineract-e2e-tests-runner/src/test/resources/features/):

* Loan.feature, "RS" scenarios (@TestRailId C2490-C2497): the cumulative generator, product family
  LP1 (LoanProductsRequestFactory.defaultLoanProductsRequestLP1*): EUR 2 decimals, days in year and
  month "actual", installmentAmountInMultiplesOf = 1, allowPartialPeriodInterestCalcualtion.
* LoanInterestPaymentWaiver.feature, C3141 (cumulative, flat, LP1_INTEREST_FLAT).
* EMICalculation.feature, C3152-C3155 and C3164: the progressive generator, products
  LP2_ADV_PYMNT_INTEREST_DAILY_EMI_ACTUAL_ACTUAL and ..._360_30 (interest calculated daily).
* LoanBulletBalloon.feature, BL01: progressive, grace on principal = N − 1 (a bullet loan).

Fineract tables are written here as "due date | principal | interest | balance" per row.

Note on the e2e step "Admin creates a fully customized loan": it sets graceOnInterestPayment twice,
the second time from the "interest free period" column, so that column is the grace on interest
payment and the "graceOnInterestPayment" column is ignored (LoanStepDef, `.graceOnInterestPayment(
graceOnInterestPayment).graceOnInterestPayment(graceOnInterestCharged)`). RS07 below reads so.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import numpy_financial as npf  # type: ignore[import-untyped]

from autolend.kernel.money import MoneyRules, Rounding
from autolend.kernel.rates import DayCount, DaysInMonth, DaysInYear, InterestPer
from autolend.kernel.schedule import LoanTerms, Method, Schedule, build_schedule

D = Decimal
LP1_MONEY = MoneyRules(decimals=2, rounding=Rounding.HALF_EVEN, installment_multiples_of=D("1"))
LP2_MONEY = MoneyRules(decimals=2, rounding=Rounding.HALF_EVEN)
ACTUAL_ACTUAL_DAILY = DayCount(DaysInYear.ACTUAL, DaysInMonth.ACTUAL, InterestPer.DAY)
DAILY_360_30 = DayCount(DaysInYear.D360, DaysInMonth.D30, InterestPer.DAY)


def parse(text: str) -> list[tuple[date, str, str, str]]:
    rows = []
    for line in text.strip().splitlines():
        due, principal, interest, balance = (part.strip() for part in line.split("|"))
        rows.append((date.fromisoformat(due), principal, interest, balance))
    return rows


def rows(schedule: Schedule) -> list[tuple[date, str, str, str]]:
    return [(r.due_date, str(r.principal), str(r.interest), str(r.balance)) for r in schedule.installments]


def rs_terms(**overrides: object) -> LoanTerms:
    """The RS scenarios' loan: 5,000 at 12%, 18 monthly repayments from 1 November 2022."""
    values: dict[str, object] = {
        "principal": D("5000"),
        "annual_rate": D("12"),
        "installments": 18,
        "disbursed": date(2022, 11, 1),
        "money": LP1_MONEY,
    }
    values.update(overrides)
    return LoanTerms(**values)  # type: ignore[arg-type]


# --- cumulative generator ----------------------------------------------------------------------


def test_rs01_flat_equal_installments() -> None:
    """Loan.feature C2490 "RS01 - interest type: flat, interest period: Same as payment period,
    amortization: Equal installments". 5,000 × 1% × 18 = 900 interest, 50 a month; principal
    5,000 / 18 = 277.78 → R(277.78) + R(50) − 50 = 278 (installment multiple 1); last 274."""
    expected = [(d, "278.00", "50.00", b) for d, b in _monthly(date(2022, 12, 1), [5000 - 278 * k for k in range(1, 18)])]
    expected.append((date(2024, 5, 1), "274.00", "50.00", "0.00"))
    s = build_schedule(rs_terms(method=Method.FLAT))
    assert rows(s) == expected
    assert s.total_interest == D("900.00")


def test_rs02_declining_balance_equal_installments_same_as_repayment_period() -> None:
    """Loan.feature C2492 "RS02": pmt(1%, 18, 5000) = 304.90 → 305 (multiples of 1)."""
    assert round(npf.pmt(0.01, 18, -5000)) == 305
    expected = parse("""
        2022-12-01 | 255.00 | 50.00 | 4745.00
        2023-01-01 | 257.55 | 47.45 | 4487.45
        2023-02-01 | 260.13 | 44.87 | 4227.32
        2023-03-01 | 262.73 | 42.27 | 3964.59
        2023-04-01 | 265.35 | 39.65 | 3699.24
        2023-05-01 | 268.01 | 36.99 | 3431.23
        2023-06-01 | 270.69 | 34.31 | 3160.54
        2023-07-01 | 273.39 | 31.61 | 2887.15
        2023-08-01 | 276.13 | 28.87 | 2611.02
        2023-09-01 | 278.89 | 26.11 | 2332.13
        2023-10-01 | 281.68 | 23.32 | 2050.45
        2023-11-01 | 284.50 | 20.50 | 1765.95
        2023-12-01 | 287.34 | 17.66 | 1478.61
        2024-01-01 | 290.21 | 14.79 | 1188.40
        2024-02-01 | 293.12 | 11.88 | 895.28
        2024-03-01 | 296.05 | 8.95  | 599.23
        2024-04-01 | 299.01 | 5.99  | 300.22
        2024-05-01 | 300.22 | 3.00  | 0.00
    """)
    s = build_schedule(rs_terms())
    assert rows(s) == expected
    assert (s.regular_installment, s.installments[-1].total, s.total_interest) == (D("305.00"), D("303.22"), D("488.22"))


def test_rs03_declining_balance_interest_calculated_daily() -> None:
    """Loan.feature C2493 "RS03": interest period Daily, days in year "actual".

    Fineract's cumulative generator turns "actual" days in year into 365 for every year
    (DefaultPaymentPeriodsInOneYearCalculator: DAYS → 365), e.g. 1 Jan → 1 Feb 2024:
    1,187.65 × 12% × 31/365 = 12.104 → 12.10 although 2024 has 366 days; so its figures are our
    365-day year. The EMI agrees too: ours is solved over the actual period rates, Fineract's is the
    pmt of 12% × 30/365 (LoanApplicationTerms.pmtForInstallment); both round to 305 here.
    """
    expected = parse("""
        2022-12-01 | 255.68 | 49.32 | 4744.32
        2023-01-01 | 256.65 | 48.35 | 4487.67
        2023-02-01 | 259.26 | 45.74 | 4228.41
        2023-03-01 | 266.08 | 38.92 | 3962.33
        2023-04-01 | 264.62 | 40.38 | 3697.71
        2023-05-01 | 268.53 | 36.47 | 3429.18
        2023-06-01 | 270.05 | 34.95 | 3159.13
        2023-07-01 | 273.84 | 31.16 | 2885.29
        2023-08-01 | 275.59 | 29.41 | 2609.70
        2023-09-01 | 278.40 | 26.60 | 2331.30
        2023-10-01 | 282.01 | 22.99 | 2049.29
        2023-11-01 | 284.11 | 20.89 | 1765.18
        2023-12-01 | 287.59 | 17.41 | 1477.59
        2024-01-01 | 289.94 | 15.06 | 1187.65
        2024-02-01 | 292.90 | 12.10 | 894.75
        2024-03-01 | 296.47 | 8.53  | 598.28
        2024-04-01 | 298.90 | 6.10  | 299.38
        2024-05-01 | 299.38 | 2.95  | 0.00
    """)
    daily_365 = DayCount(DaysInYear.D365, DaysInMonth.ACTUAL, InterestPer.DAY)
    s = build_schedule(rs_terms(day_count=daily_365))
    assert rows(s) == expected
    assert (s.installments[-1].total, s.total_interest) == (D("302.33"), D("487.33"))


def test_rs03_with_our_actual_days_in_year_differs_only_in_leap_year_days() -> None:
    """Intentional difference: our "actual" divides 2024's days by 366 (as Fineract's progressive
    generator does); the cumulative generator's 365 is reproduced by DaysInYear.D365 above."""
    ours = build_schedule(rs_terms(day_count=DayCount(DaysInYear.ACTUAL, DaysInMonth.ACTUAL, InterestPer.DAY)))
    assert [r.interest for r in ours.installments[:13]] == [
        D(x) for x in "49.32 48.35 45.74 38.92 40.38 36.47 34.95 31.16 29.41 26.60 22.99 20.89 17.41".split()
    ]
    assert ours.installments[14].interest == D("12.07")  # 1,187.65 × 12% × 31/366 = 12.071


def test_rs04_declining_balance_equal_principal() -> None:
    """Loan.feature C2494 "RS04": 5,000 / 18 = 277.78 a month, last 277.74; interest 1% of the balance."""
    interest = "50.00 47.22 44.44 41.67 38.89 36.11 33.33 30.56 27.78 25.00 22.22 19.44 16.67 13.89 11.11 8.33 5.56 2.78"
    balances = [D("5000") - D("277.78") * k for k in range(1, 18)] + [D("0")]
    principal = ["277.78"] * 17 + ["277.74"]
    expected = [
        (d, p, i, f"{b:.2f}")
        for (d, _), p, i, b in zip(_monthly(date(2022, 12, 1), [0] * 18), principal, interest.split(), balances)
    ]
    s = build_schedule(rs_terms(method=Method.EQUAL_PRINCIPAL))
    assert rows(s) == expected
    assert (s.installments[0].total, s.installments[-1].total, s.total_interest) == (D("327.78"), D("280.52"), D("475.00"))


def test_rs05_equal_installments_with_grace_on_principal() -> None:
    """Loan.feature C2495 "RS05": graceOnPrincipalPayment 3 → 3 interest-only rows of 50, then
    pmt(1%, 15, 5000) = 360.94 → 361."""
    expected = parse("""
        2022-12-01 | 0.00   | 50.00 | 5000.00
        2023-01-01 | 0.00   | 50.00 | 5000.00
        2023-02-01 | 0.00   | 50.00 | 5000.00
        2023-03-01 | 311.00 | 50.00 | 4689.00
        2023-04-01 | 314.11 | 46.89 | 4374.89
        2023-05-01 | 317.25 | 43.75 | 4057.64
        2023-06-01 | 320.42 | 40.58 | 3737.22
        2023-07-01 | 323.63 | 37.37 | 3413.59
        2023-08-01 | 326.86 | 34.14 | 3086.73
        2023-09-01 | 330.13 | 30.87 | 2756.60
        2023-10-01 | 333.43 | 27.57 | 2423.17
        2023-11-01 | 336.77 | 24.23 | 2086.40
        2023-12-01 | 340.14 | 20.86 | 1746.26
        2024-01-01 | 343.54 | 17.46 | 1402.72
        2024-02-01 | 346.97 | 14.03 | 1055.75
        2024-03-01 | 350.44 | 10.56 | 705.31
        2024-04-01 | 353.95 | 7.05  | 351.36
        2024-05-01 | 351.36 | 3.51  | 0.00
    """)
    s = build_schedule(rs_terms(grace_principal=3))
    assert rows(s) == expected
    assert (s.regular_installment, s.installments[-1].total, s.total_interest) == (D("361.00"), D("354.87"), D("558.87"))


def test_rs07_grace_on_principal_and_on_interest_payment() -> None:
    """Loan.feature C2497 "RS07": principal grace 6 and ("interest free period" column, see the
    module docstring) grace on interest payment 3: interest of rows 1-3 accrues and is paid with
    row 4 (4 × 50 = 200); pmt(1%, 12, 5000) = 444.24 → 444 from row 7. Rows 7-18 equal RS06 (C2496)."""
    expected = parse("""
        2022-12-01 | 0.00   | 0.00   | 5000.00
        2023-01-01 | 0.00   | 0.00   | 5000.00
        2023-02-01 | 0.00   | 0.00   | 5000.00
        2023-03-01 | 0.00   | 200.00 | 5000.00
        2023-04-01 | 0.00   | 50.00  | 5000.00
        2023-05-01 | 0.00   | 50.00  | 5000.00
        2023-06-01 | 394.00 | 50.00  | 4606.00
        2023-07-01 | 397.94 | 46.06  | 4208.06
        2023-08-01 | 401.92 | 42.08  | 3806.14
        2023-09-01 | 405.94 | 38.06  | 3400.20
        2023-10-01 | 410.00 | 34.00  | 2990.20
        2023-11-01 | 414.10 | 29.90  | 2576.10
        2023-12-01 | 418.24 | 25.76  | 2157.86
        2024-01-01 | 422.42 | 21.58  | 1735.44
        2024-02-01 | 426.65 | 17.35  | 1308.79
        2024-03-01 | 430.91 | 13.09  | 877.88
        2024-04-01 | 435.22 | 8.78   | 442.66
        2024-05-01 | 442.66 | 4.43   | 0.00
    """)
    s = build_schedule(rs_terms(grace_principal=6, grace_interest=3))
    assert rows(s) == expected
    assert (s.installments[-1].total, s.total_interest) == (D("447.09"), D("631.09"))
    rs06 = build_schedule(rs_terms(grace_principal=6))
    assert rows(rs06)[6:] == expected[6:]
    assert [r.interest for r in rs06.installments[:6]] == [D("50.00")] * 6


def test_c3141_flat_1000_at_12_percent_over_4_months() -> None:
    """LoanInterestPaymentWaiver.feature C3141 (LP1_INTEREST_FLAT, cumulative): 250 + 10 a month."""
    s = build_schedule(
        LoanTerms(
            principal=D("1000"),
            annual_rate=D("12"),
            installments=4,
            disbursed=date(2024, 1, 1),
            method=Method.FLAT,
            money=LP1_MONEY,
        )
    )
    assert rows(s) == parse("""
        2024-02-01 | 250.00 | 10.00 | 750.00
        2024-03-01 | 250.00 | 10.00 | 500.00
        2024-04-01 | 250.00 | 10.00 | 250.00
        2024-05-01 | 250.00 | 10.00 | 0.00
    """)


# --- progressive generator (per-day interest) --------------------------------------------------


def test_c3152_actual_actual_integer_rate() -> None:
    """EMICalculation.feature C3152 "EMI calculation with Actual/Actual setup - integer": 10,000 at
    12%, 6 months from 12 Dec 2023. First period: 19 days of 2023 and 12 of 2024,
    1,200 × (19/365 + 12/366) = 101.81; the EMI 1,725.56 brings the balance to zero over the actual
    period rates (the progressive generator's rate factors); last 1,725.59."""
    s = build_schedule(
        LoanTerms(
            principal=D("10000"),
            annual_rate=D("12"),
            installments=6,
            disbursed=date(2023, 12, 12),
            day_count=ACTUAL_ACTUAL_DAILY,
            money=LP2_MONEY,
        )
    )
    assert rows(s) == parse("""
        2024-01-12 | 1623.75 | 101.81 | 8376.25
        2024-02-12 | 1640.42 | 85.14  | 6735.83
        2024-03-12 | 1661.51 | 64.05  | 5074.32
        2024-04-12 | 1673.98 | 51.58  | 3400.34
        2024-05-12 | 1692.11 | 33.45  | 1708.23
        2024-06-12 | 1708.23 | 17.36  | 0.00
    """)
    assert (s.regular_installment, s.installments[-1].total, s.total_interest) == (D("1725.56"), D("1725.59"), D("353.39"))


def test_c3153_actual_actual_decimal_rate() -> None:
    """EMICalculation.feature C3153: 10,000 at 9.4822%, Actual/Actual, from 12 Dec 2023."""
    s = build_schedule(
        LoanTerms(
            principal=D("10000"),
            annual_rate=D("9.4822"),
            installments=6,
            disbursed=date(2023, 12, 12),
            day_count=ACTUAL_ACTUAL_DAILY,
            money=LP2_MONEY,
        )
    )
    assert rows(s) == parse("""
        2024-01-12 | 1632.67 | 80.45 | 8367.33
        2024-02-12 | 1645.92 | 67.20 | 6721.41
        2024-03-12 | 1662.62 | 50.50 | 5058.79
        2024-04-12 | 1672.49 | 40.63 | 3386.30
        2024-05-12 | 1686.80 | 26.32 | 1699.50
        2024-06-12 | 1699.50 | 13.65 | 0.00
    """)
    assert (s.regular_installment, s.installments[-1].total) == (D("1713.12"), D("1713.15"))


def test_c3164_emi_adjusted_when_the_last_row_is_off() -> None:
    """EMICalculation.feature C3164 (@iterate): 331.77 at 10.65%, Actual/Actual, 5 months.

    The rounded EMI 68.13 would leave a last row of 68.16 (3 fen > ⌊5/2⌋); Fineract
    (ProgressiveEMICalculator.checkAndAdjustEmiIfNeededOnRelatedRepaymentPeriods, EmiAdjustment)
    adds 0.03 / 5 → 0.01 and keeps 68.14 because the last row's difference shrinks (68.12)."""
    s = build_schedule(
        LoanTerms(
            principal=D("331.77"),
            annual_rate=D("10.65"),
            installments=5,
            disbursed=date(2023, 12, 12),
            day_count=ACTUAL_ACTUAL_DAILY,
            money=LP2_MONEY,
        )
    )
    assert rows(s) == parse("""
        2024-01-12 | 65.14 | 3.00 | 266.63
        2024-02-12 | 65.73 | 2.41 | 200.90
        2024-03-12 | 66.44 | 1.70 | 134.46
        2024-04-12 | 66.93 | 1.21 | 67.53
        2024-05-12 | 67.53 | 0.59 | 0.00
    """)
    assert (s.regular_installment, s.installments[-1].total, s.total_interest) == (D("68.14"), D("68.12"), D("8.91"))


def test_c3154_360_30_integer_rate() -> None:
    """EMICalculation.feature C3154 "EMI calculation with 360/30 setup - integer": 100 at 12%:
    1% a month, EMI 17.25, last 17.28."""
    s = build_schedule(
        LoanTerms(
            principal=D("100"),
            annual_rate=D("12"),
            installments=6,
            disbursed=date(2024, 1, 1),
            day_count=DAILY_360_30,
            money=LP2_MONEY,
        )
    )
    assert rows(s) == parse("""
        2024-02-01 | 16.25 | 1.00 | 83.75
        2024-03-01 | 16.41 | 0.84 | 67.34
        2024-04-01 | 16.58 | 0.67 | 50.76
        2024-05-01 | 16.74 | 0.51 | 34.02
        2024-06-01 | 16.91 | 0.34 | 17.11
        2024-07-01 | 17.11 | 0.17 | 0.00
    """)
    assert (s.regular_installment, s.installments[-1].total) == (D("17.25"), D("17.28"))


def test_c3155_360_30_decimal_rate() -> None:
    """EMICalculation.feature C3155: 100 at 9.4822%, 360/30: EMI 17.13 every month."""
    s = build_schedule(
        LoanTerms(
            principal=D("100"),
            annual_rate=D("9.4822"),
            installments=6,
            disbursed=date(2024, 1, 1),
            day_count=DAILY_360_30,
            money=LP2_MONEY,
        )
    )
    assert rows(s) == parse("""
        2024-02-01 | 16.34 | 0.79 | 83.66
        2024-03-01 | 16.47 | 0.66 | 67.19
        2024-04-01 | 16.60 | 0.53 | 50.59
        2024-05-01 | 16.73 | 0.40 | 33.86
        2024-06-01 | 16.86 | 0.27 | 17.00
        2024-07-01 | 17.00 | 0.13 | 0.00
    """)
    assert all(r.total == D("17.13") for r in s.installments)


def test_bl01_bullet_loan_interest_only() -> None:
    """LoanBulletBalloon.feature BL01: 100 at 30%, 8 months, 360/30, grace on principal 7:
    100 × 30% × 30/360 = 2.50 a month, principal 100 with the last (our 先息后本, and the same
    figures as an annuity with 7 periods of principal grace)."""
    expected = [(d, "0.00", "2.50", "100.00") for d, _ in _monthly(date(2024, 2, 1), [0] * 7)]
    expected.append((date(2024, 9, 1), "100.00", "2.50", "0.00"))
    for terms in (
        LoanTerms(
            principal=D("100"),
            annual_rate=D("30"),
            installments=8,
            disbursed=date(2024, 1, 1),
            method=Method.INTEREST_ONLY,
            day_count=DAILY_360_30,
            money=LP2_MONEY,
        ),
        LoanTerms(
            principal=D("100"),
            annual_rate=D("30"),
            installments=8,
            disbursed=date(2024, 1, 1),
            grace_principal=7,
            day_count=DAILY_360_30,
            money=LP2_MONEY,
        ),
    ):
        s = build_schedule(terms)
        assert rows(s) == expected
        assert s.total_interest == D("20.00")


# --- documented differences --------------------------------------------------------------------


def test_per_day_emi_is_solved_over_actual_periods_not_the_cumulative_30_day_pmt() -> None:
    """Intentional difference with Fineract's cumulative generator (DAILY interest): it takes the
    pmt of annual × 30 / days-in-year (LoanApplicationTerms.pmtForInstallment forces DAYS_30) and
    lets the last instalment absorb the rest. We solve the instalment over the actual period rates,
    as the progressive generator does, so the last instalment stays within a few fen.

    RS03's loan without the instalment multiple: cumulative pmt(12% × 30/365, 18, 5000) = 304.53;
    ours 304.86 (the exact solution 304.86x rounded) with a last instalment of 304.95, within the
    ⌊18/2⌋ = 9 fen the progressive generator tolerates before nudging the instalment."""
    cumulative = npf.pmt(0.12 * 30 / 365, 18, -5000)
    assert f"{cumulative:.2f}" == "304.53"
    s = build_schedule(
        rs_terms(money=LP2_MONEY, day_count=DayCount(DaysInYear.D365, DaysInMonth.ACTUAL, InterestPer.DAY))
    )
    rates = [Fraction(12, 100) * Fraction((b - a).days, 365) for a, b in _periods(s)]
    discount, factor = Fraction(1), Fraction(0)
    for rate in rates:
        discount /= 1 + rate
        factor += discount
    assert s.regular_installment == D("304.86") == D(float(5000 / factor)).quantize(D("0.01"))
    assert s.installments[-1].total == D("304.95")


def test_month_end_due_dates_match_fineract_adjust_date() -> None:
    """Fineract's DefaultScheduledDateGenerator adds a month to the previous due date and moves a day
    of 28+ back to the seed date's day (adjustDate); counting every date from one anchor gives the
    same dates (31 Jan → 29 Feb → 31 Mar → 30 Apr → 31 May), without drift."""
    s = build_schedule(LoanTerms(principal=D("1000"), annual_rate=D("12"), installments=4, disbursed=date(2024, 1, 31)))
    assert [r.due_date for r in s.installments] == [date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30), date(2024, 5, 31)]
    # Each month is a regular period: interest 1% on the balance whatever the month's length.
    assert s.installments[0].interest == D("10.00")


def _monthly(first: date, balances: list[int]) -> list[tuple[date, str]]:
    out = []
    for k, balance in enumerate(balances):
        year, month0 = divmod(first.year * 12 + first.month - 1 + k, 12)
        out.append((date(year, month0 + 1, first.day), f"{balance:.2f}"))
    return out


def _periods(schedule: Schedule) -> list[tuple[date, date]]:
    return [(r.from_date, r.due_date) for r in schedule.installments]
