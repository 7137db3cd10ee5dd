"""Month-by-month aggregates of a portfolio's schedules, in exact int64 units.

For each calendar month from the first disbursement to the last due date: principal disbursed,
principal / interest / fees falling due, and the principal outstanding at the month's end
(everything disbursed so far less all principal due so far). Interest is the scheduled interest
income by due month (cash basis, not accrual).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from autolend.kernel.portfolio_types import PortfolioSchedule

I64 = NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class CashFlow:
    """Consecutive months (datetime64[M]) and int64 unit totals per month."""

    month: NDArray[np.datetime64]
    disbursed: I64
    principal: I64
    interest: I64
    fees: I64
    outstanding: I64  # principal outstanding at the end of the month

    @property
    def total(self) -> I64:
        """Everything falling due in the month."""
        return self.principal + self.interest + self.fees

    def rows(self) -> list[dict[str, Any]]:
        """One dict per month: ``month`` as 'YYYY-MM', amounts as int units."""
        names = ("disbursed", "principal", "interest", "fees", "outstanding")
        columns = [getattr(self, name).tolist() for name in names]
        months = np.datetime_as_string(self.month, unit="M").tolist()
        return [
            {"month": month, **dict(zip(names, values))} for month, *values in zip(months, *columns)
        ]


def _month_table(low: int, high: int) -> I64:
    """Month index (months since 1970-01) of each day number low..high."""
    days = np.arange(low, high + 1).astype("datetime64[D]")
    table: I64 = days.astype("datetime64[M]").astype(np.int64)
    return table


def cash_flow_by_month(result: PortfolioSchedule) -> CashFlow:
    """Disbursements, amounts due and outstanding principal per calendar month."""
    loans = result.terms
    if result.n_loans == 0:
        raise ValueError("an empty portfolio has no cash flow")
    due = result.due_date.T.view(np.int64)  # (slots, loans), C-ordered rows; NaT is int64 min
    disbursed_days = loans.disbursed.view(np.int64)
    low = int(disbursed_days.min())
    table = _month_table(low, int(due.max()))
    first = int(table[0])
    bins = int(table[-1]) - first + 1
    table -= first
    disbursed = np.zeros(bins, np.int64)
    np.add.at(disbursed, table[disbursed_days - low], loans.principal)
    sums = {name: np.zeros(bins, np.int64) for name in ("principal", "interest", "fees")}
    columns = {name: getattr(result, name).T for name in sums}
    for k in range(due.shape[0]):  # one instalment row at a time: small temporaries
        offsets = np.maximum(due[k], low)  # masked slots (NaT) hold zero amounts
        offsets -= low
        month = table.take(offsets)
        for name, total in sums.items():
            np.add.at(total, month, columns[name][k])
    return CashFlow(
        month=np.arange(first, first + bins).astype("datetime64[M]"),
        disbursed=disbursed,
        outstanding=np.cumsum(disbursed) - np.cumsum(sums["principal"]),
        **sums,
    )


def combine(left: CashFlow, right: CashFlow) -> CashFlow:
    """The cash flow of two disjoint sets of loans together."""
    first = int(min(left.month[0], right.month[0]).astype(np.int64))
    last = int(max(left.month[-1], right.month[-1]).astype(np.int64))
    sums: dict[str, I64] = {}
    for name in ("disbursed", "principal", "interest", "fees"):
        total = np.zeros(last - first + 1, np.int64)
        for flow in (left, right):
            offset = int(flow.month[0].astype(np.int64)) - first
            values: I64 = getattr(flow, name)
            total[offset : offset + values.shape[0]] += values
        sums[name] = total
    return CashFlow(
        month=np.arange(first, last + 1).astype("datetime64[M]"),
        outstanding=np.cumsum(sums["disbursed"]) - np.cumsum(sums["principal"]),
        **sums,
    )
