"""Repayment schedules: 等额本息, 等额本金, 先息后本, 尾款 and 平息, with Fineract's settings.

Amounts are handled internally as integer counts of the product's smallest unit (the fen for two
decimals) so every rounding point is exact and the vectorized portfolio path can reproduce it.

Agreement with Apache Fineract (its test expectations are encoded in
tests/unit/kernel/test_schedule_fineract.py):

* Annuity with per-period interest follows Fineract's cumulative generator: the instalment is the
  pmt of the regular periodic rate over the instalments after the principal grace, rounded straight
  to the instalment multiple (else to the places); interest is the rounded balance × periodic rate;
  principal is instalment − interest; the last instalment takes the remaining balance. An irregular
  first period (a given first due date) is charged pro rata (``periods_between``) and the last
  instalment absorbs the difference, as Fineract with "allow partial period interest".
* Equal principal: principal = principal ÷ (instalments − principal grace), rounded; the last takes
  the rest. Flat (平息, equal instalments): total interest = principal × the sum of the period rates,
  spread evenly over the instalments that pay interest, principal spread evenly over those that pay
  principal; with an instalment multiple each row's principal is R(principal) + R(interest) − interest
  (R: to the multiple), Fineract's ``calculateTotalPrincipalPerPeriodWithoutGrace``; the last row
  absorbs both remainders.
* Grace on principal: no principal for the first g rows. Grace on interest (Fineract's "grace on
  interest payment"): interest accrues during the grace rows and is paid with the first row after
  them; for an annuity the principal of those rows is still instalment − accrued interest, and for
  flat the interest is spread over the rows after the grace (Fineract averages it out).
* Rounding: one rounding per amount, half-up or half-even (Fineract's configurable rounding mode).

Intentional differences:

* Per-day interest: the level instalment is solved so the balance reaches exactly zero over the
  actual period rates (the method of Fineract's progressive generator, ``calculateEMIValue`` from
  the periods' rate factors), not Fineract's cumulative pmt of a 30-day month rate, which lets the
  last instalment absorb more. Actual days in year count each day in its own year's length (the
  progressive generator); Fineract's cumulative generator divides by 365 in every year.
* Monthly due dates are counted from one anchor (the first due date, else the disbursement date),
  so they never drift: 31 Jan → 29 Feb → 31 Mar. Fineract adds a month to the previous due date
  and reaches the same dates only through its ``adjustDate`` (a day of 28+ moved back to the seed
  day); adding months to the previous date without it drifts to the 28th/29th for good.
* Amount multiples (Fineract's currency "in multiples of") apply at any number of decimals, with
  the product's rounding mode, rounding the exact amount once (51.745 in 0.10s is 51.70); Fineract
  applies them only to 0-decimal currencies, after rounding to the unit.
* A row never pays negative principal: if an instalment is smaller than a row's interest (possible
  only far outside car-loan terms), that row pays no principal and its whole interest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, localcontext
from enum import StrEnum
from fractions import Fraction
from functools import lru_cache

from autolend.kernel.calendar import PeriodUnit, due_dates
from autolend.kernel.money import ZERO, MoneyRules
from autolend.kernel.rates import DayCount, InterestPer, period_rate, regular_rate
from autolend.kernel.units import Units, round_div

MAX_AMOUNT = Decimal(10) ** 15


class Method(StrEnum):
    ANNUITY = "annuity"  # 等额本息: level instalment
    EQUAL_PRINCIPAL = "equal-principal"  # 等额本金
    INTEREST_ONLY = "interest-only"  # 先息后本: interest each period, principal at the end
    BALLOON = "balloon"  # 尾款: level instalment on principal less balloon, balloon with the last
    FLAT = "flat"  # 平息: interest on the original principal every period


class ScheduleInputError(ValueError):
    """Terms that cannot make a schedule; ``field`` names the offending setting."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class LoanTerms:
    """Everything a schedule depends on. Amounts in yuan, ``annual_rate`` in percent a year."""

    principal: Decimal
    annual_rate: Decimal
    installments: int
    disbursed: date
    every: int = 1
    unit: PeriodUnit = PeriodUnit.MONTHS
    first_due: date | None = None
    method: Method = Method.ANNUITY
    balloon: Decimal = ZERO
    day_count: DayCount = field(default_factory=DayCount)
    grace_principal: int = 0
    grace_interest: int = 0
    money: MoneyRules = field(default_factory=MoneyRules)
    fee_upfront: Decimal = ZERO
    fee_per_installment: Decimal = ZERO

    def __post_init__(self) -> None:
        _validate(self)


@dataclass(frozen=True)
class Installment:
    """One row: the period from ``from_date`` to ``due_date`` and what falls due on that date."""

    n: int
    from_date: date
    due_date: date
    principal: Decimal
    interest: Decimal
    fees: Decimal
    balance: Decimal

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest + self.fees


@dataclass(frozen=True)
class Schedule:
    terms: LoanTerms
    installments: tuple[Installment, ...]
    regular_installment: Decimal | None  # the level instalment, for methods that have one

    @property
    def total_principal(self) -> Decimal:
        return sum((row.principal for row in self.installments), ZERO)

    @property
    def total_interest(self) -> Decimal:
        return sum((row.interest for row in self.installments), ZERO)

    @property
    def total_fees(self) -> Decimal:
        return sum((row.fees for row in self.installments), ZERO) + self.terms.fee_upfront

    @property
    def total_repayment(self) -> Decimal:
        return sum((row.total for row in self.installments), ZERO)


def build_schedule(terms: LoanTerms) -> Schedule:
    """The repayment schedule of ``terms``; the last instalment absorbs all rounding (尾差)."""
    units = Units(terms.money)
    dates, starts, rates = _periods(terms.disbursed, terms.installments, terms.every, terms.unit, terms.first_due,
                                    terms.annual_rate, terms.day_count)
    principal = units.of(terms.principal)
    fee = units.amount(units.of(terms.fee_per_installment))
    level: int | None
    if terms.method is Method.FLAT:
        parts, level = _flat_rows(terms, principal, rates, units)
    else:
        parts, level = _declining_rows(terms, principal, rates, units)
    rows: list[Installment] = []
    balance = principal
    for k, (start, due, (paid_principal, interest)) in enumerate(zip(starts, dates, parts), start=1):
        balance -= paid_principal
        rows.append(
            Installment(
                n=k,
                from_date=start,
                due_date=due,
                principal=units.amount(paid_principal),
                interest=units.amount(interest),
                fees=fee,
                balance=units.amount(balance),
            )
        )
    return Schedule(terms, tuple(rows), units.amount(level) if level is not None else None)


@lru_cache(maxsize=1024)
def _periods(disbursed: date, installments: int, every: int, unit: PeriodUnit, first_due: date | None,
             annual_rate: Decimal, day_count: DayCount) -> tuple[list[date], list[date], list[Fraction]]:
    """Due dates, period starts and period rates: a function of the dates and the rate only, so
    schedules of several amounts on the same terms (a decision's offers) compute them once.
    Callers never change the lists."""
    dates = due_dates(disbursed, installments, every, unit, first_due)
    seed = (first_due or disbursed).day
    starts = [disbursed, *dates[:-1]]
    annual = Fraction(annual_rate)
    rates = [period_rate(annual, s, e, every, unit, day_count, seed) for s, e in zip(starts, dates, strict=True)]
    return dates, starts, rates


def _declining_rows(
    terms: LoanTerms, principal: int, rates: list[Fraction], units: Units
) -> tuple[list[tuple[int, int]], int | None]:
    """(principal, interest) of each row for the methods with interest on the declining balance."""
    level = _level_installment(terms, rates, units)
    parts = _amortize(terms, principal, rates, units, level)
    if level is None or terms.day_count.interest_per is InterestPer.PERIOD:
        return parts, level
    # Per-day interest: Fineract's progressive generator nudges the rounded instalment when the last
    # row is off by more than half a fen per amortizing period (ProgressiveEMICalculator
    # .checkAndAdjustEmiIfNeededOnRelatedRepaymentPeriods with EmiAdjustment): level += difference ÷
    # periods, kept only while the last row's difference shrinks, at most three times.
    periods = terms.installments - terms.grace_principal
    balloon = units.of(terms.balloon) if terms.method is Method.BALLOON else 0
    if periods < 2 or terms.grace_interest >= terms.installments - 1:
        return parts, level
    difference = sum(parts[-1]) - level - balloon
    for _ in range(3):
        if difference == 0 or abs(difference) * 100 <= (periods // 2) * units.scale:
            break
        nudge = round_div(difference, periods, terms.money.rounding)
        adjusted = units.of(terms.money.round_installment(units.amount(level + nudge)))
        if adjusted == level:
            break
        trial = _amortize(terms, principal, rates, units, adjusted)
        trial_difference = sum(trial[-1]) - adjusted - balloon
        if abs(trial_difference) >= abs(difference):
            break
        parts, level, difference = trial, adjusted, trial_difference
    return parts, level


def _amortize(
    terms: LoanTerms, principal: int, rates: list[Fraction], units: Units, level: int | None
) -> list[tuple[int, int]]:
    method, count = terms.method, terms.installments
    even_principal = units.div(principal, count - terms.grace_principal)
    parts: list[tuple[int, int]] = []
    balance, deferred = principal, 0
    for k, rate in enumerate(rates, start=1):
        interest = units.mul(balance, rate)
        if k <= terms.grace_interest:  # Fineract's grace on interest payment: accrue, pay after grace
            deferred, interest_paid = deferred + interest, 0
        else:
            interest_paid, deferred = interest + deferred, 0
        if k == count:
            paid_principal = balance
        elif k <= terms.grace_principal or method is Method.INTEREST_ONLY:
            paid_principal = 0
        elif method is Method.EQUAL_PRINCIPAL:
            paid_principal = min(even_principal, balance)
        else:
            assert level is not None
            paid_principal = max(0, min(level - interest, balance))
        balance -= paid_principal
        parts.append((paid_principal, interest_paid))
    return parts


def _level_installment(terms: LoanTerms, rates: list[Fraction], units: Units) -> int | None:
    """The level instalment of an annuity or balloon loan, in units.

    Per-period interest: the pmt of the regular periodic rate over the amortizing periods. Per-day
    interest: the instalment that brings the balance to zero over the actual period rates.
    """
    if terms.method not in (Method.ANNUITY, Method.BALLOON):
        return None
    periods = terms.installments - terms.grace_principal
    balloon = terms.balloon if terms.method is Method.BALLOON else ZERO
    with localcontext() as ctx:
        ctx.prec = 40
        if terms.day_count.interest_per is InterestPer.PERIOD:
            rate = regular_rate(Fraction(terms.annual_rate), terms.every, terms.unit, terms.day_count)
            step = 1 / (1 + Decimal(rate.numerator) / Decimal(rate.denominator))
            discount = step**periods
            annuity_factor = Decimal(periods) if rate == 0 else (1 - discount) / (1 / step - 1)
        else:
            discount, annuity_factor = Decimal(1), Decimal(0)
            for rate in rates[terms.grace_principal :]:
                discount /= 1 + Decimal(rate.numerator) / Decimal(rate.denominator)
                annuity_factor += discount
        exact = (terms.principal - balloon * discount) / annuity_factor
    return units.of(terms.money.round_installment(exact))


def _flat_rows(
    terms: LoanTerms, principal: int, rates: list[Fraction], units: Units
) -> tuple[list[tuple[int, int]], int]:
    """平息 as Fineract's flat interest with equal instalments (see the module docstring).

    A row's interest is capped by what is left of the total, so a total smaller than the rounded
    shares (a tiny rate) cannot leave a negative last row, as Fineract's would.
    """
    count, grace_p, grace_i = terms.installments, terms.grace_principal, terms.grace_interest
    total_interest = units.mul(principal, sum(rates, Fraction(0)))
    interest_each = units.div(total_interest, count - grace_i)
    principal_each = units.div(principal, count - grace_p)
    multiple = terms.money.installment_multiples_of
    step = units.of(multiple) if multiple is not None else 0

    def to_multiple(amount: int) -> int:
        return round_div(amount, step, terms.money.rounding) * step if step else amount

    parts: list[tuple[int, int]] = []
    balance, interest_paid_so_far = principal, 0
    for k in range(1, count + 1):
        interest = 0 if k <= grace_i else min(interest_each, total_interest - interest_paid_so_far)
        if k == count:
            interest, paid_principal = total_interest - interest_paid_so_far, balance
        elif k <= grace_p:
            paid_principal = 0
        else:
            paid_principal = principal_each
            if step:
                paid_principal = to_multiple(principal_each) + to_multiple(interest) - interest
            paid_principal = max(0, min(paid_principal, balance))
        balance -= paid_principal
        interest_paid_so_far += interest
        parts.append((paid_principal, interest))
    level = principal_each + interest_each
    if step:
        level = to_multiple(principal_each) + to_multiple(interest_each)
    return parts, level


def _validate(terms: LoanTerms) -> None:
    def fail(name: str, message: str) -> None:
        raise ScheduleInputError(name, message)

    rules = terms.money
    for name in ("principal", "annual_rate", "balloon", "fee_upfront", "fee_per_installment"):
        value = getattr(terms, name)
        if not isinstance(value, Decimal) or not value.is_finite():
            fail(name, "must be a finite Decimal")
    for name in ("amount_multiples_of", "installment_multiples_of"):
        step = getattr(rules, name)
        if step is not None and not _has_places(step, rules.decimals):
            fail("money", f"{name} must be a whole number of the smallest unit")
    if terms.principal <= 0:
        fail("principal", "must be greater than zero")
    if terms.annual_rate < 0 or terms.annual_rate > 1000:
        fail("annual_rate", "must be between 0 and 1000 percent")
    if terms.installments < 1 or terms.installments > 1200:
        fail("installments", "must be between 1 and 1200")
    if terms.every < 1 or terms.every > 366:
        fail("every", "must be between 1 and 366")
    if terms.first_due is not None and terms.first_due <= terms.disbursed:
        fail("first_due", "must be after the disbursement date")
    if not 0 <= terms.grace_principal < terms.installments:
        fail("grace_principal", "must be at least 0 and less than the number of instalments")
    if not 0 <= terms.grace_interest < terms.installments:
        fail("grace_interest", "must be at least 0 and less than the number of instalments")
    for name in ("principal", "balloon", "fee_upfront", "fee_per_installment"):
        value = getattr(terms, name)
        if value < 0:
            fail(name, "must not be negative")
        if value >= MAX_AMOUNT:
            fail(name, "must be less than 10^15")
        if not _has_places(value, rules.decimals):
            fail(name, f"has more than {rules.decimals} decimal places")
        step = rules.amount_multiples_of
        if step is not None and value % step != 0:
            fail(name, f"must be a multiple of {step}")
    if terms.method is Method.BALLOON and not ZERO < terms.balloon < terms.principal:
        fail("balloon", "must be more than zero and less than the principal")
    if terms.method is not Method.BALLOON and terms.balloon:
        fail("balloon", "is only allowed with the balloon method")


def _has_places(value: Decimal, decimals: int) -> bool:
    """Whether ``value`` needs no more than ``decimals`` places (1.100 has two: its value is 1.1)."""
    scaled = value.scaleb(decimals)
    return scaled == scaled.to_integral_value()
