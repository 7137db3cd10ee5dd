"""Delinquency (逾期), five-tier classification (五级分类), IFRS 9 stages, provisions (拨备), penalty
interest (罚息) and daily interest accrual (计提): the rules end of day applies, as pure functions.

Amounts are ``Decimal`` yuan, rates are ``Decimal`` fractions unless named ``*_percent``, day
counts are whole days. Every default here is a convention (DOMAIN.md "Delinquency,
classification, provisioning"), kept as data so a product or policy version can change it.

Rounding points (half-up to the fen): the cumulative interest recognised on a due, each day's
penalty on a loan, and each of the two provision measures of a loan. ``kernel.delinquency_arrays``
applies the same rules to whole chunks of loans in integer fen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from autolend.kernel.money import FEN, ZERO


class LoanClass(StrEnum):
    """Five-tier classification, in order of worsening (values as stored on the loan)."""

    NORMAL = "normal"  # 正常
    SPECIAL_MENTION = "special_mention"  # 关注
    SUBSTANDARD = "substandard"  # 次级
    DOUBTFUL = "doubtful"  # 可疑
    LOSS = "loss"  # 损失

    @property
    def rank(self) -> int:
        """0 for normal … 4 for loss: the worse class has the higher rank."""
        return CLASS_ORDER.index(self)


CLASS_ORDER: tuple[LoanClass, ...] = tuple(LoanClass)


@dataclass(frozen=True)
class Bucket:
    """A days-past-due bucket: ``first_day`` ≤ DPD ≤ ``last_day`` (``None``: no upper end)."""

    name: str
    first_day: int
    last_day: int | None


DEFAULT_BUCKETS: tuple[Bucket, ...] = (
    Bucket("M0", 0, 0),
    Bucket("M1", 1, 30),
    Bucket("M2", 31, 60),
    Bucket("M3", 61, 90),
    Bucket("M4", 91, 120),
    Bucket("M5", 121, 150),
    Bucket("M6", 151, 180),
    Bucket("M7+", 181, None),
)


def buckets_check(buckets: tuple[Bucket, ...]) -> None:
    """Raise ``ValueError`` unless the buckets cover 0, 1, 2, … without gaps or overlaps."""
    expected = 0
    for n, bucket in enumerate(buckets):
        if bucket.first_day != expected:
            raise ValueError(f"bucket {bucket.name} must start at day {expected}")
        if bucket.last_day is None:
            if n != len(buckets) - 1:
                raise ValueError(f"only the last bucket may be open-ended, not {bucket.name}")
            return
        if bucket.last_day < bucket.first_day:
            raise ValueError(f"bucket {bucket.name} ends before it starts")
        expected = bucket.last_day + 1
    raise ValueError("the last bucket must be open-ended")


def days_past_due(oldest_unpaid_due: date | None, as_of: date) -> int:
    """Days past due at the close of ``as_of``: days since the oldest unpaid due date, 0 when none.

    A due unpaid at the close of its due date is not yet overdue (0); the next day it is 1.
    """
    if oldest_unpaid_due is None or oldest_unpaid_due >= as_of:
        return 0
    return (as_of - oldest_unpaid_due).days


def bucket_for(dpd: int, buckets: tuple[Bucket, ...] = DEFAULT_BUCKETS) -> str:
    """Name of the bucket holding ``dpd`` days past due (M0 current … M7+ over 180 days)."""
    for bucket in buckets:
        if dpd >= bucket.first_day and (bucket.last_day is None or dpd <= bucket.last_day):
            return bucket.name
    raise ValueError(f"no bucket holds {dpd} days past due")


@dataclass(frozen=True)
class ClassificationRules:
    """Floors by days past due: DPD > ``days`` → at least ``loan_class`` (NFRA/PBoC 2023 rule:
    overdue → special mention, > 90 substandard, > 270 doubtful, > 360 loss); a restructured loan
    in its observation period is at least ``restructured_floor``."""

    floors: tuple[tuple[int, LoanClass], ...] = (
        (0, LoanClass.SPECIAL_MENTION),
        (90, LoanClass.SUBSTANDARD),
        (270, LoanClass.DOUBTFUL),
        (360, LoanClass.LOSS),
    )
    restructured_floor: LoanClass = LoanClass.SUBSTANDARD


def classify(dpd: int, *, restructured: bool = False, rules: ClassificationRules = ClassificationRules()) -> LoanClass:
    """The five-tier class a loan must at least have: the worst floor that applies."""
    result = rules.restructured_floor if restructured else LoanClass.NORMAL
    for days, floor in rules.floors:
        if dpd > days and floor.rank > result.rank:
            result = floor
    return result


@dataclass(frozen=True)
class StageRules:
    """IFRS 9 stages: stage 2 (significant increase in credit risk) when DPD > ``stage2_after``,
    stage 3 (credit-impaired) when DPD > ``stage3_after``; with ``nonperforming_is_stage3`` a loan
    classed substandard or worse is stage 3 (the 2023 rule aligns non-performing with stage 3);
    a restructured loan in observation is at least ``restructured_stage``."""

    stage2_after: int = 30
    stage3_after: int = 90
    nonperforming_is_stage3: bool = True
    restructured_stage: int = 2


def ifrs_stage(
    dpd: int, loan_class: LoanClass, *, restructured: bool = False, rules: StageRules = StageRules()
) -> int:
    """IFRS 9 stage 1, 2 or 3 of a loan."""
    stage = 3 if dpd > rules.stage3_after else 2 if dpd > rules.stage2_after else 1
    if rules.nonperforming_is_stage3 and loan_class.rank >= LoanClass.SUBSTANDARD.rank:
        stage = 3
    if restructured:
        stage = max(stage, rules.restructured_stage)
    return stage


class ProvisionBasis(StrEnum):
    """Which measure is posted: the 2002 guideline, IFRS 9 ECL, or the larger of the two."""

    GUIDELINE = "guideline"
    IFRS9 = "ifrs9"
    LARGER = "larger"


class ExposureBasis(StrEnum):
    """What the exposure (EAD) a provision is measured on includes, besides principal outstanding.

    ``DUE`` (default): interest, fees and penalty fallen due and unpaid; interest accrued for a
    period not yet due is left out — at most one period's interest, and leaving it out keeps every
    loan's provision from moving by a few fen each day as interest accrues. ``GROSS``: all of it
    (the gross carrying amount, IFRS 9's EAD to the letter).
    """

    DUE = "due"
    GROSS = "gross"


def exposure_at_default(
    principal_outstanding: Decimal, receivable: Decimal, accrued_not_due: Decimal, basis: ExposureBasis
) -> Decimal:
    """EAD (yuan): principal outstanding + ``receivable`` (interest, fee and penalty receivable,
    ``accrued_not_due`` of it being interest of periods not yet due), by ``basis``."""
    due_only = receivable - accrued_not_due
    return principal_outstanding + (receivable if basis is ExposureBasis.GROSS else due_only)


def _rates(*values: str) -> tuple[Decimal, ...]:
    return tuple(Decimal(v) for v in values)


@dataclass(frozen=True)
class ProvisionPolicy:
    """Provisioning parameters (fractions, not percent).

    ``exposure``: what the exposure includes (``ExposureBasis``). ``guideline_rates``: per class
    in ``CLASS_ORDER`` — the 2002 PBoC guideline (《银行贷款损失准备
    计提指引》): special mention 2%, substandard 25%, doubtful 50%, loss 100%; the 1% on normal loans
    is the general reserve, kept here as a configurable default. ``pd`` and ``lgd``: per stage 1, 2,
    3 (stage 1 a 12-month PD, stage 2 lifetime, stage 3 defaulted). ``basis``: the larger of the two
    by default, so the books never hold less than either measure asks for (prudence: the guideline
    is the regulator's floor, ECL the accounting standard's).
    """

    guideline_rates: tuple[Decimal, ...] = field(default=_rates("0.01", "0.02", "0.25", "0.50", "1.00"))
    pd: tuple[Decimal, ...] = field(default=_rates("0.02", "0.20", "1.00"))
    lgd: tuple[Decimal, ...] = field(default=_rates("0.45", "0.45", "0.45"))
    basis: ProvisionBasis = ProvisionBasis.LARGER
    exposure: ExposureBasis = ExposureBasis.DUE

    def __post_init__(self) -> None:
        if len(self.guideline_rates) != len(CLASS_ORDER) or len(self.pd) != 3 or len(self.lgd) != 3:
            raise ValueError("need 5 guideline rates and 3 PD and 3 LGD values (stages 1-3)")
        if any(not ZERO <= r <= 1 for r in (*self.guideline_rates, *self.pd, *self.lgd)):
            raise ValueError("provision rates, PD and LGD are fractions between 0 and 1")

    def guideline_rate(self, loan_class: LoanClass) -> Decimal:
        return self.guideline_rates[loan_class.rank]

    def ecl_rate(self, stage: int) -> Decimal:
        """PD × LGD of a stage: the share of the exposure ECL provides for."""
        return self.pd[stage - 1] * self.lgd[stage - 1]


@dataclass(frozen=True)
class Provision:
    """Both measures of one loan (yuan) and the one posted under the policy's basis."""

    guideline: Decimal
    ecl: Decimal
    posted: Decimal


def provision_for(
    exposure: Decimal, loan_class: LoanClass, stage: int, policy: ProvisionPolicy = ProvisionPolicy()
) -> Provision:
    """Guideline provision = rate(class) × exposure; ECL = PD × LGD × EAD (EAD = ``exposure``,
    yuan, see ``exposure_at_default``); each rounded to the fen."""
    exposure = max(exposure, ZERO)
    guideline = fen_half_up(exposure * policy.guideline_rate(loan_class))
    ecl = fen_half_up(exposure * policy.ecl_rate(stage))
    posted = {
        ProvisionBasis.GUIDELINE: guideline,
        ProvisionBasis.IFRS9: ecl,
        ProvisionBasis.LARGER: max(guideline, ecl),
    }[policy.basis]
    return Provision(guideline, ecl, posted)


@dataclass(frozen=True)
class PenaltyTerms:
    """Penalty interest of a loan: ``annual_percent`` (percent a year) on overdue principal, and
    on overdue interest too when ``compound`` (复利); a day is 1 / ``days_in_year`` of a year."""

    annual_percent: Decimal
    compound: bool = False
    days_in_year: int = 360


PENALTY_MARKUP = Decimal("1.5")
"""Default penalty rate = contract rate × 1.5 (PBoC practice for bank loans: + 30% to 50%)."""


def penalty_terms_default(contract_annual_percent: Decimal) -> PenaltyTerms:
    """The default penalty terms of a loan at ``contract_annual_percent`` a year."""
    return PenaltyTerms(contract_annual_percent * PENALTY_MARKUP)


def penalty_for_day(overdue_principal: Decimal, overdue_interest: Decimal, terms: PenaltyTerms) -> Decimal:
    """One day's penalty interest (yuan): (overdue principal [+ overdue interest when compound])
    × annual percent ÷ 100 ÷ days in year, rounded half-up to the fen."""
    base = overdue_principal + (overdue_interest if terms.compound else ZERO)
    if base <= 0:
        return ZERO.quantize(FEN)
    return fen_half_up(base * terms.annual_percent / 100 / terms.days_in_year)


def accrued_interest_target(interest: Decimal, from_date: date, due_date: date, as_of: date) -> Decimal:
    """Interest of a due recognised by the close of ``as_of`` (yuan): nothing before the period
    starts, interest × elapsed days ÷ period days inside it (the days after ``from_date`` up to and
    including ``as_of``), all of it from the due date on; rounded half-up to the fen."""
    if as_of >= due_date:
        return interest
    if as_of <= from_date:
        return ZERO.quantize(FEN)
    elapsed, days = (as_of - from_date).days, (due_date - from_date).days
    return fen_half_up(interest * elapsed / days)


def fen_half_up(amount: Decimal) -> Decimal:
    """Round half-up to the fen (四舍五入): the rounding point of every EOD amount."""
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)
