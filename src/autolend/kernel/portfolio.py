"""Portfolio schedules: numpy-vectorized schedules of many loans, identical to ``build_schedule``.

    loans = PortfolioTerms(principal=..., annual_rate_e4=..., installments=..., method=...,
                           disbursed=...)            # shared every/unit/day_count/money
    result = portfolio_schedules(loans)              # (loans, max_installments) int64 arrays
    to_schedule(result, i) == build_schedule(loans.loan(i))
    flows = cash_flow_by_month(result)               # outstanding principal, interest by month

Supported: methods annuity (等额本息), equal-principal (等额本金), interest-only (先息后本),
balloon (尾款) and flat (平息); any every/unit (days, weeks, months); interest per period or per
day with 360, 364, 365 or actual days in year and 30-day or actual months; half-up and half-even;
any number of decimals; amount and instalment multiples (whole units). Not supported (use
``build_schedule``): grace and first-due overrides. Exactness: ``portfolio_arith`` (integer
interest, int64 bounds) and ``portfolio_levels`` (float EMI with a tie check); loans near a tie or
beyond the bounds are built by ``build_schedule`` and marked in ``exact_rows``.

Loans are processed in chunks (default 100,000) so temporaries stay small (~150 MB); the result
itself takes 41 bytes per instalment slot (1,000,000 × 36 ≈ 1.5 GB; measured peak RSS ≈ 1.4 GB).
For aggregates of larger portfolios use ``portfolio_cash_flow``, which streams chunks and keeps
no rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from autolend.kernel.portfolio_arith import Group, Rules
from autolend.kernel.portfolio_cashflow import CashFlow, cash_flow_by_month, combine
from autolend.kernel.portfolio_dates import periods
from autolend.kernel.portfolio_engine import compute
from autolend.kernel.portfolio_types import (
    CODE_METHODS,
    LEVEL_CODES,
    METHOD_CODES,
    RATE_SCALE,
    PortfolioSchedule,
    PortfolioTerms,
    rate_e4,
)
from autolend.kernel.rates import InterestPer
from autolend.kernel.schedule import Installment, Schedule, build_schedule
from autolend.kernel.units import Units

__all__ = [
    "CODE_METHODS",
    "METHOD_CODES",
    "RATE_SCALE",
    "CashFlow",
    "PortfolioSchedule",
    "PortfolioTerms",
    "cash_flow_by_month",
    "iter_portfolio_schedules",
    "portfolio_cash_flow",
    "portfolio_schedules",
    "rate_e4",
    "to_schedule",
    "to_schedules",
]

I64 = NDArray[np.int64]
NAT = np.iinfo(np.int64).min  # datetime64's NaT as int64
DEFAULT_CHUNK = 100_000


@dataclass
class _Out:
    """(max_installments, loans) C-ordered outputs; the result exposes their transposes."""

    due: I64
    principal: I64
    interest: I64
    fees: I64
    balance: I64
    mask: NDArray[np.bool_]
    level: I64
    has_level: NDArray[np.bool_]
    exact_level: NDArray[np.bool_]
    exact_rows: NDArray[np.bool_]

    @classmethod
    def allocate(cls, loans: int, slots: int) -> _Out:
        def zeros() -> I64:
            return np.zeros((slots, loans), np.int64)

        return cls(
            due=np.full((slots, loans), NAT, np.int64),
            principal=zeros(),
            interest=zeros(),
            fees=zeros(),
            balance=zeros(),
            mask=np.zeros((slots, loans), np.bool_),
            level=np.zeros(loans, np.int64),
            has_level=np.zeros(loans, np.bool_),
            exact_level=np.zeros(loans, np.bool_),
            exact_rows=np.zeros(loans, np.bool_),
        )

    def result(self, loans: PortfolioTerms) -> PortfolioSchedule:
        return PortfolioSchedule(
            terms=loans,
            due_date=self.due.view("datetime64[D]").T,
            principal=self.principal.T,
            interest=self.interest.T,
            fees=self.fees.T,
            balance=self.balance.T,
            mask=self.mask.T,
            level=self.level,
            has_level=self.has_level,
            exact_level=self.exact_level,
            exact_rows=self.exact_rows,
        )


def portfolio_schedules(
    loans: PortfolioTerms, *, chunk_size: int = DEFAULT_CHUNK, force_exact_levels: bool = False
) -> PortfolioSchedule:
    """Schedules of all ``loans``; row i equals ``build_schedule(loans.loan(i))`` to the unit.

    ``force_exact_levels`` builds every annuity / balloon loan with the exact path (slow; for
    verifying the float tie detection).
    """
    if chunk_size < 1:
        raise ValueError("chunk_size must be positive")
    count = len(loans)
    slots = int(loans.installments.max()) if count else 0
    out = _Out.allocate(count, slots)
    for start in range(0, count, chunk_size):
        _chunk(loans, start, min(start + chunk_size, count), out, force_exact_levels)
    return out.result(loans)


def iter_portfolio_schedules(
    loans: PortfolioTerms, chunk_size: int = DEFAULT_CHUNK
) -> Iterator[tuple[int, PortfolioSchedule]]:
    """(first loan index, schedules) chunk by chunk, to stream a portfolio larger than memory."""
    for start in range(0, len(loans), chunk_size):
        part = loans.take(slice(start, min(start + chunk_size, len(loans))))
        yield start, portfolio_schedules(part, chunk_size=chunk_size)


def portfolio_cash_flow(loans: PortfolioTerms, chunk_size: int = DEFAULT_CHUNK) -> CashFlow:
    """``cash_flow_by_month`` of the whole portfolio without keeping its rows (chunk by chunk)."""
    flows = [cash_flow_by_month(part) for _, part in iter_portfolio_schedules(loans, chunk_size)]
    if not flows:
        raise ValueError("an empty portfolio has no cash flow")
    total = flows[0]
    for flow in flows[1:]:
        total = combine(total, flow)
    return total


def _chunk(loans: PortfolioTerms, start: int, stop: int, out: _Out, force_exact: bool) -> None:
    part = slice(start, stop)
    counts = loans.installments[part]
    slots = int(counts.max())
    dated = periods(
        loans.disbursed[part].astype(np.int64), slots, loans.every, loans.unit, loans.day_count
    )
    live = np.arange(slots)[:, None] < counts
    out.due[:slots, part] = np.where(live, dated.due, NAT)
    out.mask[:slots, part] = live
    fees = loans.fees()[part]
    if fees.any():
        out.fees[:slots, part] = np.where(live, fees, 0)
    group = Group(
        method=loans.method[part],
        principal=loans.principal[part],
        rate=loans.annual_rate_e4[part],
        count=counts,
        balloon=loans.balloons()[part],
        factor=dated.factor,
        constant=dated.constant,
        denominator=dated.denominator,
        rules=Rules.of(loans.money),
        per_day=loans.day_count.interest_per is InterestPer.DAY,
        scale=10**loans.money.decimals,
    )
    targets = (out.principal, out.interest, out.balance)
    level, beyond, unsettled = compute(group, force_exact, *(a[:slots, part] for a in targets))
    out.level[part] = level
    out.has_level[part] = np.isin(group.method, LEVEL_CODES)
    out.exact_level[part] = unsettled
    for i in (np.flatnonzero(beyond | unsettled) + start).tolist():
        _exact_rows(loans, i, out)


def _exact_rows(loans: PortfolioTerms, i: int, out: _Out) -> None:
    """Loan i built by the exact path (beyond the int64 bounds, or a level near a rounding tie)."""
    schedule = build_schedule(loans.loan(i))
    units = Units(loans.money)
    for k, row in enumerate(schedule.installments):
        out.due[k, i] = np.datetime64(row.due_date, "D").astype(np.int64)
        out.principal[k, i] = units.of(row.principal)
        out.interest[k, i] = units.of(row.interest)
        out.balance[k, i] = units.of(row.balance)
    if schedule.regular_installment is not None:
        out.level[i] = units.of(schedule.regular_installment)
    else:
        out.level[i] = 0
    out.exact_rows[i] = True


def to_schedule(result: PortfolioSchedule, i: int) -> Schedule:
    """Loan i of ``result`` as an exact-path ``Schedule`` (compare with ``build_schedule``)."""
    loan = result.terms.loan(i)
    units = Units(loan.money)
    count = loan.installments
    dues = result.due_date[i, :count].tolist()
    starts = [loan.disbursed, *dues[:-1]]
    principal = result.principal[i, :count].tolist()
    interest = result.interest[i, :count].tolist()
    fees = result.fees[i, :count].tolist()
    balance = result.balance[i, :count].tolist()
    rows = tuple(
        Installment(
            n=k + 1,
            from_date=starts[k],
            due_date=dues[k],
            principal=units.amount(principal[k]),
            interest=units.amount(interest[k]),
            fees=units.amount(fees[k]),
            balance=units.amount(balance[k]),
        )
        for k in range(count)
    )
    regular = units.amount(int(result.level[i])) if result.has_level[i] else None
    return Schedule(loan, rows, regular)


def to_schedules(result: PortfolioSchedule, rows: list[int] | None = None) -> list[Schedule]:
    """``to_schedule`` for ``rows`` (default: every loan — slow for big portfolios)."""
    indices = range(result.n_loans) if rows is None else rows
    return [to_schedule(result, i) for i in indices]
