"""Allocation of a payment over outstanding dues by a configured order (pure function).

The default is Fineract's: penalties → fees → interest → principal, oldest instalment first
(each instalment settled in component order before the next). A "by component" strategy settles
one component across all instalments before the next component (e.g. all interest first).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from autolend.kernel.money import ZERO


class Component(StrEnum):
    PENALTY = "penalty"  # 罚息
    FEE = "fee"
    INTEREST = "interest"
    PRINCIPAL = "principal"


class Strategy(StrEnum):
    BY_INSTALLMENT = "by-installment"  # oldest instalment first, its components in order
    BY_COMPONENT = "by-component"  # first component over all instalments, then the next


DEFAULT_ORDER: tuple[Component, ...] = (Component.PENALTY, Component.FEE, Component.INTEREST, Component.PRINCIPAL)


@dataclass(frozen=True)
class AllocationRule:
    order: tuple[Component, ...] = DEFAULT_ORDER
    strategy: Strategy = Strategy.BY_INSTALLMENT

    def __post_init__(self) -> None:
        if sorted(self.order) != sorted(Component):
            raise ValueError("the order must name each of penalty, fee, interest, principal once")


@dataclass(frozen=True)
class Due:
    """What is still owed on instalment ``n`` (yuan, never negative)."""

    n: int
    due_date: date
    principal: Decimal = ZERO
    interest: Decimal = ZERO
    fee: Decimal = ZERO
    penalty: Decimal = ZERO

    def owed(self, component: Component) -> Decimal:
        return getattr(self, component.value)  # type: ignore[no-any-return]

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest + self.fee + self.penalty


@dataclass(frozen=True)
class AllocationLine:
    n: int
    component: Component
    amount: Decimal


@dataclass(frozen=True)
class Allocation:
    lines: tuple[AllocationLine, ...]
    unapplied: Decimal  # what is left after every given due is settled (prepayment or credit)

    def total(self, component: Component) -> Decimal:
        return sum((line.amount for line in self.lines if line.component is component), ZERO)

    @property
    def applied(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)


def allocate(payment: Decimal, dues: list[Due] | tuple[Due, ...], rule: AllocationRule = AllocationRule()) -> Allocation:
    """Split ``payment`` (yuan, > 0) over ``dues`` by ``rule``; oldest due date first, then instalment number."""
    if payment <= 0:
        raise ValueError("a payment must be greater than zero")
    ordered = sorted(dues, key=lambda due: (due.due_date, due.n))
    if rule.strategy is Strategy.BY_INSTALLMENT:
        slots = [(due, component) for due in ordered for component in rule.order]
    else:
        slots = [(due, component) for component in rule.order for due in ordered]
    remaining = payment
    lines: list[AllocationLine] = []
    for due, component in slots:
        if remaining <= 0:
            break
        take = min(remaining, due.owed(component))
        if take > 0:
            lines.append(AllocationLine(due.n, component, take))
            remaining -= take
    return Allocation(tuple(lines), remaining)


def apply_allocation(dues: list[Due] | tuple[Due, ...], allocation: Allocation) -> tuple[Due, ...]:
    """The dues after ``allocation`` is applied (what remains owed)."""
    paid: dict[tuple[int, Component], Decimal] = {}
    for line in allocation.lines:
        paid[(line.n, line.component)] = paid.get((line.n, line.component), ZERO) + line.amount
    return tuple(
        Due(
            n=due.n,
            due_date=due.due_date,
            **{c.value: due.owed(c) - paid.get((due.n, c), ZERO) for c in Component},
        )
        for due in dues
    )
