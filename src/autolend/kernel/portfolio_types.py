"""Array containers of the vectorized portfolio path: the terms of many loans and their schedules.

Amounts are int64 counts of the product's smallest unit (the fen for two decimals). The annual
rate is an exact integer in units of 1e-4 percent (``annual_rate_e4``: 12% → 120000, 4.9% →
49000), so it converts to the exact path's ``Decimal`` percent without loss.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
from numpy.typing import NDArray

from autolend.kernel.calendar import PeriodUnit
from autolend.kernel.money import MoneyRules
from autolend.kernel.rates import DayCount
from autolend.kernel.schedule import LoanTerms, Method
from autolend.kernel.units import Units

I64 = NDArray[np.int64]
RATE_SCALE = 10_000  # annual_rate_e4 per percent
MAX_RATE_E4 = 1000 * RATE_SCALE  # 1000 percent, the exact path's limit
MAX_INSTALLMENTS = 1200

METHOD_CODES: dict[Method, int] = {
    Method.ANNUITY: 0,
    Method.EQUAL_PRINCIPAL: 1,
    Method.INTEREST_ONLY: 2,
    Method.BALLOON: 3,
    Method.FLAT: 4,
}
CODE_METHODS: tuple[Method, ...] = tuple(METHOD_CODES)
LEVEL_CODES = (
    METHOD_CODES[Method.ANNUITY],
    METHOD_CODES[Method.BALLOON],
    METHOD_CODES[Method.FLAT],
)


def rate_e4(annual_percent: Decimal | int | str) -> int:
    """Exact encoding of an annual percent: ``rate_e4("4.9") == 49000``; more than 4 places raise."""
    scaled = Decimal(str(annual_percent)) * RATE_SCALE
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{annual_percent} has more than 4 decimal places of percent")
    return int(scaled)


def _int_array(value: Any, name: str, length: int | None) -> I64:
    array = np.ascontiguousarray(value, dtype=np.int64)
    if array.ndim != 1 or (length is not None and array.shape[0] != length):
        raise ValueError(f"{name} must be a 1-D array with one entry per loan")
    return array


@dataclass(frozen=True, eq=False)
class PortfolioTerms:
    """The terms of many loans that share one product setting set.

    Per loan (1-D arrays of equal length): ``principal`` in units, ``annual_rate_e4``,
    ``installments``, ``method`` (codes of ``METHOD_CODES``), ``disbursed`` (datetime64[D]),
    optional ``balloon`` (units, balloon method only) and ``fee_per_installment`` (units).
    Shared: ``every``, ``unit``, ``day_count`` and ``money``. No grace and no first-due override:
    those loans go through ``build_schedule``.
    """

    principal: I64
    annual_rate_e4: I64
    installments: I64
    method: NDArray[np.integer[Any]]  # stored as int8
    disbursed: NDArray[np.datetime64]
    balloon: I64 | None = None
    fee_per_installment: I64 | None = None
    every: int = 1
    unit: PeriodUnit = PeriodUnit.MONTHS
    day_count: DayCount = field(default_factory=DayCount)
    money: MoneyRules = field(default_factory=MoneyRules)

    def __post_init__(self) -> None:
        principal = _int_array(self.principal, "principal", None)
        count = principal.shape[0]
        fields: dict[str, Any] = {
            "principal": principal,
            "annual_rate_e4": _int_array(self.annual_rate_e4, "annual_rate_e4", count),
            "installments": _int_array(self.installments, "installments", count),
            "method": _int_array(self.method, "method", count).astype(np.int8),
            "disbursed": np.ascontiguousarray(self.disbursed, dtype="datetime64[D]"),
        }
        for name in ("balloon", "fee_per_installment"):
            value = getattr(self, name)
            fields[name] = None if value is None else _int_array(value, name, count)
        for name, value in fields.items():
            object.__setattr__(self, name, value)
        _validate(self)

    def __len__(self) -> int:
        return int(self.principal.shape[0])

    def balloons(self) -> I64:
        return self.balloon if self.balloon is not None else np.zeros(len(self), np.int64)

    def fees(self) -> I64:
        fees = self.fee_per_installment
        return fees if fees is not None else np.zeros(len(self), np.int64)

    def take(self, rows: slice | I64) -> PortfolioTerms:
        """The loans at ``rows`` (a slice or index array), same settings."""
        return PortfolioTerms(
            principal=self.principal[rows],
            annual_rate_e4=self.annual_rate_e4[rows],
            installments=self.installments[rows],
            method=self.method[rows],
            disbursed=self.disbursed[rows],
            balloon=None if self.balloon is None else self.balloon[rows],
            fee_per_installment=None
            if self.fee_per_installment is None
            else self.fee_per_installment[rows],
            every=self.every,
            unit=self.unit,
            day_count=self.day_count,
            money=self.money,
        )

    def loan(self, i: int) -> LoanTerms:
        """Loan ``i`` as exact-path terms (for ``build_schedule``)."""
        units = Units(self.money)
        disbursed: date = self.disbursed[i].item()
        return LoanTerms(
            principal=units.amount(int(self.principal[i])),
            annual_rate=Decimal(int(self.annual_rate_e4[i])) / RATE_SCALE,
            installments=int(self.installments[i]),
            disbursed=disbursed,
            every=self.every,
            unit=self.unit,
            method=CODE_METHODS[int(self.method[i])],
            balloon=units.amount(int(self.balloons()[i])),
            day_count=self.day_count,
            money=self.money,
            fee_per_installment=units.amount(int(self.fees()[i])),
        )

    @classmethod
    def from_loan_terms(cls, loans: Sequence[LoanTerms]) -> PortfolioTerms:
        """Pack exact-path terms; they must share settings and use no grace or first-due override."""
        if not loans:
            raise ValueError("at least one loan is needed")
        first = loans[0]
        units = Units(first.money)
        for terms in loans:
            shared = (terms.every, terms.unit, terms.day_count, terms.money)
            if shared != (first.every, first.unit, first.day_count, first.money):
                raise ValueError("all loans must share every, unit, day_count and money")
            if terms.first_due is not None or terms.grace_principal or terms.grace_interest:
                raise ValueError("first-due overrides and grace need build_schedule")
            if terms.fee_upfront:
                raise ValueError("fee_upfront is not carried by the portfolio path")
        return cls(
            principal=np.array([units.of(t.principal) for t in loans], np.int64),
            annual_rate_e4=np.array([rate_e4(t.annual_rate) for t in loans], np.int64),
            installments=np.array([t.installments for t in loans], np.int64),
            method=np.array([METHOD_CODES[t.method] for t in loans], np.int8),
            disbursed=np.array([t.disbursed for t in loans], "datetime64[D]"),
            balloon=np.array([units.of(t.balloon) for t in loans], np.int64),
            fee_per_installment=np.array(
                [units.of(t.fee_per_installment) for t in loans], np.int64
            ),
            every=first.every,
            unit=first.unit,
            day_count=first.day_count,
            money=first.money,
        )


def _validate(terms: PortfolioTerms) -> None:
    Units(terms.money)  # amount_multiples_of must be whole units
    step = terms.money.installment_multiples_of
    scale = 10**terms.money.decimals
    if step is not None and step * scale != (step * scale).to_integral_value():
        raise ValueError("installment_multiples_of must be a whole number of the smallest unit")
    if not 1 <= terms.every <= 366:
        raise ValueError("every must be between 1 and 366")
    if len(terms) == 0:
        return
    if np.any(terms.principal <= 0):
        raise ValueError("principal must be greater than zero")
    rates = terms.annual_rate_e4
    if np.any((rates < 0) | (rates > MAX_RATE_E4)):
        raise ValueError("annual_rate_e4 must be between 0 and 10,000,000 (1000 percent)")
    counts = terms.installments
    if np.any((counts < 1) | (counts > MAX_INSTALLMENTS)):
        raise ValueError("installments must be between 1 and 1200")
    if np.any((terms.method < 0) | (terms.method >= len(CODE_METHODS))):
        raise ValueError("unknown method code")
    if np.any(np.isnat(terms.disbursed)):
        raise ValueError("disbursed must be a date")
    balloon = terms.balloons()
    is_balloon = terms.method == METHOD_CODES[Method.BALLOON]
    if np.any(is_balloon & ((balloon <= 0) | (balloon >= terms.principal))):
        raise ValueError("balloon must be more than zero and less than the principal")
    if np.any(~is_balloon & (balloon != 0)):
        raise ValueError("balloon is only allowed with the balloon method")
    if np.any(terms.fees() < 0):
        raise ValueError("fee_per_installment must not be negative")
    amount_step = Units(terms.money).step
    if amount_step > 1:
        for name, values in (("principal", terms.principal), ("balloon", balloon)):
            if np.any(values % amount_step):
                raise ValueError(f"{name} must be a multiple of amount_multiples_of")
        if np.any(terms.fees() % amount_step):
            raise ValueError("fee_per_installment must be a multiple of amount_multiples_of")


@dataclass(frozen=True, eq=False)
class PortfolioSchedule:
    """Schedules of many loans as (loans, max_installments) arrays (F-ordered views).

    ``due_date`` is NaT and the amounts are 0 where ``mask`` is False (a loan with fewer
    instalments than the longest). ``balance`` is the principal left after each instalment.
    ``level`` is the regular instalment in units where ``has_level`` (annuity, balloon, flat).
    ``exact_rows`` marks loans built by ``build_schedule`` instead of the vectorized engine:
    those whose float level fell near a rounding tie (also marked in ``exact_level``) and those
    beyond the int64 bounds.
    """

    terms: PortfolioTerms
    due_date: NDArray[np.datetime64]
    principal: I64
    interest: I64
    fees: I64
    balance: I64
    mask: NDArray[np.bool_]
    level: I64
    has_level: NDArray[np.bool_]
    exact_level: NDArray[np.bool_]
    exact_rows: NDArray[np.bool_]

    @property
    def n_loans(self) -> int:
        return int(self.principal.shape[0])

    @property
    def max_installments(self) -> int:
        return int(self.principal.shape[1])

    def total(self) -> I64:
        """Principal + interest + fees due per instalment."""
        return self.principal + self.interest + self.fees

    def row(self, i: int) -> dict[str, Any]:
        """Loan ``i``'s instalments as Python lists (due dates as ``date``, amounts in units)."""
        count = int(self.terms.installments[i])
        dates: list[date] = self.due_date[i, :count].astype(object).tolist()
        return {
            "due_date": dates,
            "principal": self.principal[i, :count].tolist(),
            "interest": self.interest[i, :count].tolist(),
            "fees": self.fees[i, :count].tolist(),
            "balance": self.balance[i, :count].tolist(),
            "level": int(self.level[i]) if self.has_level[i] else None,
        }
