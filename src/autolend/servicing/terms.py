"""The frozen terms of one loan (``Loan.terms``): its schedule settings and servicing rules.

``LoanSetup`` is a pure value. Its schedule fields carry the names of
``kernel.quote.terms_from_request`` (the CLI/API schedule contract), so ``schedule_request`` is
exactly what that function reads; the disbursement date is not part of the setup (it is known at
disbursement). The servicing rules are product settings with the defaults below (DOMAIN.md):

* ``fee_treatment``: the upfront fee is ``deducted`` from the payout to the dealer, or ``billed`` to
  the borrower as a receivable due on the disbursement date.
* ``penalty_rate``: penalty interest (罚息), percent a year on overdue principal, charged per day over
  ``penalty_days_in_year`` days; default the contract rate × ``PENALTY_MARKUP`` (+50%).
* ``compound_interest``: also charge the penalty rate on overdue interest (复利).
* ``allocation_order`` / ``allocation_strategy``: the payment waterfall (kernel.allocation).
* ``prepayment_mode``: ``reduce_installment`` (keep the maturity) or ``reduce_term`` (keep the
  instalment); ``overpayment``: an excess is kept as ``credit`` or ``refund``-ed.
* ``payoff_current_interest`` (``accrued`` | ``full-period``), ``settlement_fee_bands`` and
  ``settlement_fee_minimum``: the payoff rules (kernel.payoff).
* ``restructure_observation_days``: how long a restructured loan stays under observation.
* ``product_code`` / ``product_version``: where the setup came from (filled by the catalogue).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from autolend.kernel.allocation import AllocationRule, Component, Strategy
from autolend.kernel.money import ZERO, MoneyRules, money
from autolend.kernel.payoff import CurrentInterest, PayoffRules, SettlementFeeBand
from autolend.kernel.quote import terms_from_request
from autolend.kernel.schedule import LoanTerms, ScheduleInputError
from autolend.servicing.errors import ServicingError

PENALTY_MARKUP = Decimal("1.5")  # penalty rate = contract rate × 1.5 (PBoC practice: +30% to +50%)


class FeeTreatment(StrEnum):
    DEDUCTED = "deducted"  # kept back from the payout: the dealer receives principal − fee
    BILLED = "billed"  # a receivable of the borrower, due on the disbursement date


class PrepaymentMode(StrEnum):
    REDUCE_INSTALLMENT = "reduce_installment"  # same maturity, lower instalment
    REDUCE_TERM = "reduce_term"  # same instalment (at most), fewer instalments


class Overpayment(StrEnum):
    CREDIT = "credit"  # kept as the borrower's credit balance
    REFUND = "refund"  # paid back to the payer's account


SCHEDULE_FIELDS = (
    "principal", "annual_rate", "installments", "every", "unit", "first_due", "method", "balloon",
    "days_in_year", "days_in_month", "interest_per", "grace_principal", "grace_interest", "decimals",
    "rounding", "multiples_of", "amount_multiples_of", "fee_upfront", "fee_per_installment",
)
_DECIMALS = ("principal", "annual_rate", "balloon", "fee_upfront", "fee_per_installment",
             "penalty_rate", "settlement_fee_minimum", "multiples_of", "amount_multiples_of")
_ENUMS: dict[str, type[StrEnum]] = {
    "fee_treatment": FeeTreatment, "prepayment_mode": PrepaymentMode, "overpayment": Overpayment,
    "payoff_current_interest": CurrentInterest, "allocation_strategy": Strategy,
}


@dataclass(frozen=True)
class LoanSetup:
    """Schedule settings (yuan, percent a year, counts) and servicing rules of one loan."""

    principal: Decimal
    annual_rate: Decimal
    installments: int
    every: int = 1
    unit: str = "months"
    first_due: date | None = None
    method: str = "annuity"
    balloon: Decimal = ZERO
    days_in_year: str = "360"
    days_in_month: str = "30"
    interest_per: str = "period"
    grace_principal: int = 0
    grace_interest: int = 0
    decimals: int = 2
    rounding: str = "half-up"
    multiples_of: Decimal | None = None
    amount_multiples_of: Decimal | None = None
    fee_upfront: Decimal = ZERO
    fee_per_installment: Decimal = ZERO
    fee_treatment: FeeTreatment = FeeTreatment.DEDUCTED
    penalty_rate: Decimal | None = None  # None: annual_rate × PENALTY_MARKUP, resolved on creation
    penalty_days_in_year: int = 360
    compound_interest: bool = False
    allocation_order: tuple[str, ...] = tuple(c.value for c in AllocationRule().order)
    allocation_strategy: Strategy = Strategy.BY_INSTALLMENT
    prepayment_mode: PrepaymentMode = PrepaymentMode.REDUCE_INSTALLMENT
    overpayment: Overpayment = Overpayment.CREDIT
    payoff_current_interest: CurrentInterest = CurrentInterest.ACCRUED
    settlement_fee_bands: tuple[tuple[int | None, Decimal], ...] = field(default=())
    settlement_fee_minimum: Decimal = ZERO
    restructure_observation_days: int = 180
    product_code: str = ""
    product_version: str = ""

    def __post_init__(self) -> None:
        def put(name: str, value: Any) -> None:
            object.__setattr__(self, name, value)

        try:
            for name in _DECIMALS:
                value = getattr(self, name)
                if value is not None and not isinstance(value, Decimal):
                    put(name, money(value))
            for name, kind in _ENUMS.items():
                put(name, kind(getattr(self, name)))
            put("allocation_order", tuple(Component(c).value for c in self.allocation_order))
            put("settlement_fee_bands", tuple(
                (None if up_to is None else int(up_to), money(percent)) for up_to, percent in self.settlement_fee_bands
            ))
        except (TypeError, ValueError) as exc:
            raise ServicingError("terms", str(exc)) from None
        if self.penalty_rate is None:
            put("penalty_rate", (self.annual_rate * PENALTY_MARKUP).quantize(Decimal("0.0001")))
        self._validate()

    def _validate(self) -> None:
        if not 0 <= self.decimals <= 2:
            raise ServicingError("decimals", "servicing books amounts in fen: use 0, 1 or 2 decimals")
        if self.fee_upfront >= self.principal:
            raise ServicingError("fee_upfront", "must be less than the principal")
        self.money_rules()  # the schedule settings must make a schedule (errors name the field)
        try:
            AllocationRule(tuple(Component(c) for c in self.allocation_order), self.allocation_strategy)
        except ValueError as exc:
            raise ServicingError("allocation_order", str(exc)) from None
        assert self.penalty_rate is not None
        if self.penalty_rate < 0:
            raise ServicingError("penalty_rate", "must not be negative")
        if self.penalty_days_in_year not in (360, 364, 365):
            raise ServicingError("penalty_days_in_year", "must be 360, 364 or 365")
        if self.restructure_observation_days < 0:
            raise ServicingError("restructure_observation_days", "must not be negative")
        if any(percent < 0 for _, percent in self.settlement_fee_bands):
            raise ServicingError("settlement_fee_bands", "percentages must not be negative")

    # -- the kernel values this setup stands for ------------------------------------------------

    def schedule_request(self, disbursed: date) -> dict[str, Any]:
        """The schedule settings as ``terms_from_request`` reads them (strings for amounts)."""
        request: dict[str, Any] = {"disbursed": disbursed.isoformat()}
        for name in SCHEDULE_FIELDS:
            value = getattr(self, name)
            if value is not None:
                request[name] = value.isoformat() if isinstance(value, date) else str(value)
        return request

    def loan_terms(self, disbursed: date) -> LoanTerms:
        """The kernel's ``LoanTerms`` for a disbursement on ``disbursed``."""
        return terms_for(self.schedule_request(disbursed))

    def money_rules(self) -> MoneyRules:
        """How this loan rounds money (places, mode, multiples)."""
        return self.loan_terms(self.first_due - timedelta(days=1) if self.first_due else date(2000, 1, 1)).money

    def allocation_rule(self) -> AllocationRule:
        return AllocationRule(tuple(Component(c) for c in self.allocation_order), self.allocation_strategy)

    def payoff_rules(self) -> PayoffRules:
        bands = tuple(SettlementFeeBand(up_to, percent) for up_to, percent in self.settlement_fee_bands)
        return PayoffRules(self.payoff_current_interest, bands, self.settlement_fee_minimum)

    def replace(self, **changes: Any) -> LoanSetup:
        return dataclasses.replace(self, **changes)

    # -- JSON (Loan.terms) ----------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """Plain JSON: amounts and rates as decimal strings, dates ISO, enums by value."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, StrEnum):
                value = value.value
            elif isinstance(value, Decimal):
                value = str(value)
            elif isinstance(value, date):
                value = value.isoformat()
            elif f.name == "allocation_order":
                value = list(value)
            elif f.name == "settlement_fee_bands":
                value = [[up_to, str(percent)] for up_to, percent in value]
            out[f.name] = value
        return out

    @classmethod
    def from_json(cls, obj: Mapping[str, Any]) -> LoanSetup:
        """The inverse of ``to_json``; unknown keys and bad values raise ServicingError."""
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(obj) - names)
        if unknown:
            raise ServicingError(unknown[0], "is not a loan setting")
        values = dict(obj)
        for key in ("principal", "annual_rate", "installments"):
            if values.get(key) in (None, ""):
                raise ServicingError(key, "is required")
        try:
            if values.get("first_due"):
                values["first_due"] = date.fromisoformat(str(values["first_due"]))
            for key in ("installments", "every", "grace_principal", "grace_interest", "decimals",
                        "penalty_days_in_year", "restructure_observation_days"):
                if key in values:
                    values[key] = int(values[key])
            if "allocation_order" in values:
                values["allocation_order"] = tuple(values["allocation_order"])
            if "settlement_fee_bands" in values:
                values["settlement_fee_bands"] = tuple(tuple(band) for band in values["settlement_fee_bands"])
        except (TypeError, ValueError) as exc:
            raise ServicingError("terms", str(exc)) from None
        return cls(**values)


def terms_for(request: Mapping[str, Any]) -> LoanTerms:
    """``terms_from_request`` with its input errors as ServicingError (same field names)."""
    try:
        return terms_from_request(request)
    except ScheduleInputError as exc:
        raise ServicingError(exc.field, exc.message) from None
    except ValueError as exc:
        raise ServicingError("terms", str(exc)) from None
