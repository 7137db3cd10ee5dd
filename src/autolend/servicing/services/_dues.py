"""Paying, waiving and re-opening dues, and what that means for the loan and the books.

A ``RowChange`` records what one transaction did to one due: amounts paid per component, interest
or fee recognised by the payment (it was not yet recognised by EOD, so it is credited to income,
not to the receivable), recognition taken back (derecognised: a waived amount that EOD had already
accrued), amounts waived, and whether the due became settled. It is stored in
``LoanTransaction.allocation`` so a reversal can undo it exactly. ``Totals`` sums the changes into
the receivable and income movements; the same sums move the loan's balances and the journal.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from autolend.kernel.allocation import AllocationRule, Component, Due, allocate
from autolend.kernel.money import ZERO, MoneyRules
from autolend.kernel.payoff import CurrentInterest
from autolend.kernel.units import Units
from autolend.ledger.chart import AccountRole as R
from autolend.servicing.models import Installment, Loan
from autolend.servicing.postings import EntryBuilder

_AMOUNTS = ("principal", "interest", "fee", "penalty", "interest_recognised", "fee_recognised",
            "interest_derecognised", "fee_derecognised", "interest_waived", "fee_waived")


@dataclass
class RowChange:
    due: int  # Installment pk
    n: int
    version: int
    principal: Decimal = ZERO
    interest: Decimal = ZERO
    fee: Decimal = ZERO
    penalty: Decimal = ZERO
    interest_recognised: Decimal = ZERO
    fee_recognised: Decimal = ZERO
    interest_derecognised: Decimal = ZERO
    fee_derecognised: Decimal = ZERO
    interest_waived: Decimal = ZERO
    fee_waived: Decimal = ZERO
    settled: bool = False

    def as_json(self) -> dict[str, Any]:
        return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in vars(self).items()}

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> RowChange:
        values = {f.name: obj[f.name] for f in fields(cls) if f.name in obj}
        for name in _AMOUNTS:
            values[name] = Decimal(values.get(name, "0"))
        return cls(**values)


class Changes(dict[int, RowChange]):
    """RowChanges by due pk."""

    def of(self, row: Installment) -> RowChange:
        if row.pk not in self:
            self[row.pk] = RowChange(row.pk, row.n, row.version)
        return self[row.pk]

    def as_json(self) -> list[dict[str, Any]]:
        return [change.as_json() for change in self.values()]


@dataclass(frozen=True)
class Totals:
    """Yuan moved by a set of changes. ``*_receivable`` is the credit to the receivable account,
    ``*_income`` the net credit to income (negative: a debit, recognition taken back)."""

    principal: Decimal
    interest_receivable: Decimal
    interest_income: Decimal
    fee_receivable: Decimal
    fee_income: Decimal
    penalty: Decimal

    @property
    def paid(self) -> Decimal:
        return (self.principal + self.interest_receivable + self.interest_income + self.fee_receivable
                + self.fee_income + self.penalty)


def totals(changes: Changes) -> Totals:
    def s(name: str) -> Decimal:
        return sum((getattr(c, name) for c in changes.values()), ZERO)

    return Totals(
        principal=s("principal"),
        interest_receivable=s("interest") - s("interest_recognised") + s("interest_derecognised"),
        interest_income=s("interest_recognised") - s("interest_derecognised"),
        fee_receivable=s("fee") - s("fee_recognised") + s("fee_derecognised"),
        fee_income=s("fee_recognised") - s("fee_derecognised"),
        penalty=s("penalty"),
    )


def credit_receivables(entry: EntryBuilder, t: Totals) -> None:
    """Credit what ``t`` paid: penalty, fee, interest, principal receivables and their income."""
    entry.credit(R.PENALTY_RECEIVABLE, t.penalty)
    entry.credit(R.FEE_RECEIVABLE, t.fee_receivable).credit(R.FEE_INCOME, t.fee_income)
    entry.credit(R.INTEREST_RECEIVABLE, t.interest_receivable).credit(R.INTEREST_INCOME, t.interest_income)
    entry.credit(R.PRINCIPAL_RECEIVABLE, t.principal)


def move_loan(loan: Loan, t: Totals, sign: int = 1) -> None:
    """Lower the loan's receivables by ``t`` (sign −1 raises them back: a reversal)."""
    loan.principal_outstanding -= sign * t.principal
    loan.interest_receivable -= sign * t.interest_receivable
    loan.fee_receivable -= sign * t.fee_receivable
    loan.penalty_receivable -= sign * t.penalty


# -- one due -------------------------------------------------------------------------------------

def owed(row: Installment) -> Due:
    """What is still owed on ``row``, as the kernel's Due keyed by the row's pk."""
    return Due(
        n=row.pk,
        due_date=row.due_date,
        principal=row.principal - row.principal_paid,
        interest=row.interest - row.interest_paid - row.interest_waived,
        fee=row.fee - row.fee_paid - row.fee_waived,
        penalty=row.penalty - row.penalty_paid,
    )


def pay(row: Installment, change: RowChange, component: Component, amount: Decimal) -> None:
    """Pay ``amount`` of ``component``; interest or fee beyond what is recognised is recognised now."""
    if component is Component.INTEREST:
        extra = max(ZERO, amount - max(ZERO, row.interest_accrued - row.interest_paid))
        row.interest_accrued += extra
        change.interest_recognised += extra
    elif component is Component.FEE:
        extra = max(ZERO, amount - max(ZERO, row.fee_recognized - row.fee_paid))
        row.fee_recognized += extra
        change.fee_recognised += extra
    paid = f"{component.value}_paid"
    setattr(row, paid, getattr(row, paid) + amount)
    setattr(change, component.value, getattr(change, component.value) + amount)


def waive(row: Installment, change: RowChange, component: Component, amount: Decimal) -> None:
    """Waive ``amount`` of interest or fee; recognition beyond what can still be paid is taken back."""
    if amount <= 0:
        return
    if component is Component.INTEREST:
        row.interest_waived += amount
        change.interest_waived += amount
        excess = row.interest_accrued - (row.interest - row.interest_waived)
        if excess > 0:
            row.interest_accrued -= excess
            change.interest_derecognised += excess
    elif component is Component.FEE:
        row.fee_waived += amount
        change.fee_waived += amount
        excess = row.fee_recognized - (row.fee - row.fee_waived)
        if excess > 0:
            row.fee_recognized -= excess
            change.fee_derecognised += excess
    else:
        raise ValueError(f"{component} cannot be waived")


def mark_settled(rows: list[Installment], changes: Changes, business_date: date) -> None:
    """Set ``settled_on`` on each changed row that no longer owes anything."""
    for row in rows:
        if row.pk in changes and row.settled_on is None and owed(row).total == 0:
            row.settled_on = business_date
            changes[row.pk].settled = True


def undo(row: Installment, change: RowChange) -> None:
    """Re-open ``row`` exactly as ``change`` found it (a reversal)."""
    for component in Component:
        paid = f"{component.value}_paid"
        setattr(row, paid, getattr(row, paid) - getattr(change, component.value))
    row.interest_accrued += change.interest_derecognised - change.interest_recognised
    row.fee_recognized += change.fee_derecognised - change.fee_recognised
    row.interest_waived -= change.interest_waived
    row.fee_waived -= change.fee_waived
    if owed(row).total > 0:
        row.settled_on = None


# -- many dues -----------------------------------------------------------------------------------

def allocate_rows(rows: list[Installment], amount: Decimal, rule: AllocationRule, changes: Changes) -> Decimal:
    """Pay ``amount`` over ``rows`` by ``rule`` (kernel.allocation); returns what is left over."""
    dues = [d for d in (owed(row) for row in rows) if d.total > 0]
    if not dues or amount <= 0:
        return amount
    by_pk = {row.pk: row for row in rows}
    result = allocate(amount, dues, rule)
    for line in result.lines:
        row = by_pk[line.n]
        pay(row, changes.of(row), line.component, line.amount)
    return result.unapplied


def interest_to(row: Installment, as_of: date, rule: CurrentInterest, rules: MoneyRules) -> Decimal:
    """Interest of ``row``'s period earned by ``as_of``: its owed interest × elapsed ÷ period days
    (``accrued``, as kernel.payoff prorates), or all of it once the period has begun (``full-period``)."""
    owed_interest = owed(row).interest
    elapsed = (min(as_of, row.due_date) - row.from_date).days
    length = (row.due_date - row.from_date).days
    if elapsed <= 0 or length <= 0:
        return ZERO
    if rule is CurrentInterest.FULL_PERIOD or elapsed >= length:
        return owed_interest
    units = Units(rules)
    return units.amount(units.mul(units.of(owed_interest), Fraction(elapsed, length)))


def is_settled(rows: list[Installment]) -> bool:
    return all(owed(row).total == 0 for row in rows)
