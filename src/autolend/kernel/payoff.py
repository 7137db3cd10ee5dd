"""Payoff quote (结清报价): what settles a loan in full on a given date.

The quote = everything overdue (principal, interest, fees, penalties still owed on instalments due
on or before the date) + the principal not yet due + interest of the current period (accrued to the
date, or the whole period where the product says so) + the early-settlement fee on the principal
paid early. A quote is valid to a date: the amounts are computed as of that date, so paying the
quoted amount any day up to it settles the loan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from autolend.kernel.allocation import Due
from autolend.kernel.money import ZERO
from autolend.kernel.schedule import Schedule
from autolend.kernel.units import Units


class CurrentInterest(StrEnum):
    ACCRUED = "accrued"  # interest of the current period prorated by days elapsed
    FULL_PERIOD = "full-period"  # the current period's whole interest


@dataclass(frozen=True)
class SettlementFeeBand:
    """Fee ``percent`` of the early-paid principal while ``up_to_installment`` instalments or fewer are due."""

    up_to_installment: int | None  # None: no limit (the last band)
    percent: Decimal


@dataclass(frozen=True)
class PayoffRules:
    current_interest: CurrentInterest = CurrentInterest.ACCRUED
    fee_bands: tuple[SettlementFeeBand, ...] = ()
    minimum_fee: Decimal = ZERO


@dataclass(frozen=True)
class PayoffQuote:
    as_of: date
    valid_until: date
    overdue_principal: Decimal
    future_principal: Decimal
    interest: Decimal  # overdue interest + current-period interest
    fees: Decimal
    penalties: Decimal
    settlement_fee: Decimal
    per_diem: Decimal  # interest a day on the current period, for quotes dated later

    @property
    def principal(self) -> Decimal:
        return self.overdue_principal + self.future_principal

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest + self.fees + self.penalties + self.settlement_fee


def payoff_quote(
    schedule: Schedule,
    outstanding: list[Due] | tuple[Due, ...],
    as_of: date,
    valid_until: date | None = None,
    rules: PayoffRules = PayoffRules(),
) -> PayoffQuote:
    """Quote settling ``schedule`` given what is still ``outstanding`` per instalment (by ``n``).

    ``as_of`` is the business date the quote is made; amounts are computed at ``valid_until``
    (default ``as_of``). Penalties accruing after ``as_of`` are not projected.
    """
    quote_date = valid_until or as_of
    if quote_date < as_of:
        raise ValueError("valid_until must not be before as_of")
    if quote_date < schedule.terms.disbursed:
        raise ValueError("a payoff cannot be quoted before disbursement")
    units = Units(schedule.terms.money)
    owed = {due.n: due for due in outstanding}
    overdue = [owed[row.n] for row in schedule.installments if row.due_date <= quote_date and row.n in owed]
    future = [row for row in schedule.installments if row.due_date > quote_date and row.n in owed]
    current_interest, per_diem = ZERO, ZERO
    if future:
        current = future[0]
        elapsed = (quote_date - current.from_date).days
        length = (current.due_date - current.from_date).days
        scheduled = units.of(owed[current.n].interest)
        if rules.current_interest is CurrentInterest.FULL_PERIOD:
            current_interest = units.amount(scheduled) if elapsed > 0 else ZERO
        else:
            current_interest = units.amount(units.mul(scheduled, Fraction(elapsed, length)))
        per_diem = units.amount(units.mul(scheduled, Fraction(1, length)))
    future_principal = sum((owed[row.n].principal for row in future), ZERO)
    fee = _settlement_fee(schedule, future_principal, len(schedule.installments) - len(future), rules, units)
    q = units.quantum
    return PayoffQuote(
        as_of=as_of,
        valid_until=quote_date,
        overdue_principal=sum((d.principal for d in overdue), ZERO).quantize(q),
        future_principal=future_principal.quantize(q),
        interest=(sum((d.interest for d in overdue), ZERO) + current_interest).quantize(q),
        fees=sum((d.fee for d in overdue), ZERO).quantize(q),
        penalties=sum((owed[r.n].penalty for r in schedule.installments if r.n in owed), ZERO).quantize(q),
        settlement_fee=fee.quantize(q),
        per_diem=per_diem,
    )


def _settlement_fee(schedule: Schedule, early_principal: Decimal, installments_due: int, rules: PayoffRules, units: Units) -> Decimal:
    if early_principal <= 0:
        return ZERO
    for band in rules.fee_bands:
        if band.up_to_installment is None or installments_due <= band.up_to_installment:
            fee = units.amount(units.mul(units.of(early_principal), Fraction(band.percent) / 100))
            return max(fee, rules.minimum_fee) if fee > 0 else fee
    return ZERO


def outstanding_from_schedule(schedule: Schedule) -> tuple[Due, ...]:
    """Every instalment still fully owed: the state of a loan on which nothing has been paid."""
    return tuple(
        Due(n=row.n, due_date=row.due_date, principal=row.principal, interest=row.interest, fee=row.fees)
        for row in schedule.installments
    )
