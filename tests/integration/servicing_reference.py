"""The in-memory reference of the servicing state machine: pure Python and Decimal, no Django.

It knows what the machine asked for (amounts, dates, idempotency keys) and predicts, from the
dues as they stood before each operation, what the services must do: refuse (naming the field),
or split a payment over the waterfall (oldest due first, by due date then id), keep the rest as
credit, repay principal, pay the loan off. It then keeps its own books per loan: principal
outstanding, credit balance, status and every yuan that crossed the bank account.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from math import floor

ZERO = Decimal("0.00")
FEN = Decimal("0.01")
COMPONENTS = ("penalty", "fee", "interest", "principal")
RESCHEDULABLE = frozenset({"annuity", "balloon", "equal-principal"})  # methods reduce_term works on


@dataclass(frozen=True)
class Owed:
    """What one current due still owes (yuan)."""

    pk: int
    n: int
    kind: str
    from_date: date
    due_date: date
    principal: Decimal
    interest: Decimal
    fee: Decimal
    penalty: Decimal
    settled: bool

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest + self.fee + self.penalty


@dataclass(frozen=True)
class Refused:
    """The service must refuse, with a ServicingError on ``field`` (``fields``: one of them)."""

    fields: tuple[str, ...]


def refused(*fields: str) -> Refused:
    return Refused(fields)


@dataclass(frozen=True)
class Split:
    """A payment over the dues due by its date: paid per component and what is left over."""

    paid: dict[str, Decimal]
    left: Decimal

    @property
    def applied(self) -> Decimal:
        return sum(self.paid.values(), ZERO)


def waterfall(amount: Decimal, dues: list[Owed], order: tuple[str, ...], by_component: bool) -> Split:
    """``amount`` over ``dues`` oldest first (due date, then id), each component in ``order``."""
    ordered = sorted(dues, key=lambda d: (d.due_date, d.pk))
    slots = ([(d, c) for c in order for d in ordered] if by_component else [(d, c) for d in ordered for c in order])
    paid = dict.fromkeys(COMPONENTS, ZERO)
    left = amount
    for due, component in slots:
        take = min(left, getattr(due, component))
        if take > 0:
            paid[component] += take
            left -= take
    return Split(paid, left)


def interest_to(due: Owed, day: date, full_period: bool) -> Decimal:
    """Interest of ``due``'s period earned by ``day``: pro rata by days, half-up to the fen."""
    elapsed = (min(day, due.due_date) - due.from_date).days
    length = (due.due_date - due.from_date).days
    if elapsed <= 0 or length <= 0:
        return ZERO
    if full_period or elapsed >= length:
        return due.interest
    fen = Fraction(int(due.interest * 100)) * elapsed / length
    return Decimal(floor(fen + Fraction(1, 2))) / 100


@dataclass
class Payment:
    """A payment the reference saw succeed (``pk`` is its LoanTransaction id)."""

    pk: int
    kind: str  # repayment | prepayment | payoff
    amount: Decimal
    principal: Decimal
    overpayment: Decimal
    settlement_fee: Decimal
    version: int  # the loan's schedule version when it was posted
    reversal: tuple[int, date] | None = None  # (its REVERSAL transaction, date) once reversed


@dataclass
class LoanRef:
    """One loan as the reference keeps it."""

    number: str
    principal: Decimal  # as booked
    payout: Decimal  # what the dealer receives
    method: str
    order: tuple[str, ...]
    by_component: bool
    full_period: bool
    balloon: Decimal = ZERO
    status: str = "pending_disbursement"
    disbursed_on: date | None = None
    version: int = 1
    principal_outstanding: Decimal = ZERO
    credit_balance: Decimal = ZERO
    received: Decimal = ZERO  # repayments, prepayments and payoffs
    reversed: Decimal = ZERO
    refunded: Decimal = ZERO
    recovered: Decimal = ZERO
    paid_out: Decimal = ZERO
    settlement_fees: Decimal = ZERO  # of payoffs not reversed
    last_posting: date | None = None
    payments: list[Payment] = field(default_factory=list)

    @property
    def bank(self) -> Decimal:
        """The loan's net movement on the bank account."""
        return self.received - self.reversed - self.refunded + self.recovered - self.paid_out

    @property
    def kept(self) -> Decimal:
        """Cash the borrower paid that is still with us (not reversed, not refunded)."""
        return self.received - self.reversed - self.refunded

    # -- predictions ----------------------------------------------------------------------------

    def posting_refused(self, day: date, accrued_through: date | None) -> Refused | None:
        """The status and no-backdating checks every payment makes."""
        if self.status != "active":
            return refused("status")
        floor_day = max(d for d in (self.disbursed_on, accrued_through, self.last_posting) if d is not None)
        return refused("business_date") if day < floor_day else None

    def repayment(self, amount: Decimal, dues: list[Owed], day: date) -> Split:
        return waterfall(amount, [d for d in dues if d.due_date <= day], self.order, self.by_component)

    def pays_off(self, split: Split, dues: list[Owed], day: date) -> bool:
        """A payment settles the loan when it pays every due, including those not yet due."""
        return split.applied == sum((d.total for d in dues), ZERO) and self.principal_outstanding == split.paid["principal"]

    def prepayment(self, amount: Decimal, dues: list[Owed], day: date, mode: str) -> tuple[Split, Decimal, Decimal] | Refused:
        """(the split over what is due, interest to date of the current period, principal prepaid)."""
        split = self.repayment(amount, dues, day)
        if sum((d.total for d in dues if d.due_date <= day), ZERO) > amount:
            return refused("amount")
        future = sorted((d for d in dues if d.due_date > day and d.kind == "installment"),
                        key=lambda d: (d.due_date, d.pk))
        if not future:
            return refused("loan")
        interest = interest_to(future[0], day, self.full_period)
        prepaid = split.left - interest
        principal_left = sum((d.principal for d in future), ZERO)
        if prepaid <= 0 or prepaid >= principal_left:
            return refused("amount")
        if self.method == "balloon" and principal_left - prepaid <= self.balloon:
            return refused("amount")  # the balloon is not prepaid: pay the loan off instead
        if mode == "reduce_term" and self.method not in RESCHEDULABLE:
            return refused("mode")
        return split, interest, prepaid

    def reversal(self, payment: Payment, day: date) -> Refused | int | None:
        """Refused, the earlier reversal's id (the same request again: an idempotent replay), or None."""
        if payment.reversal is not None:  # its reversal key is taken: a replay, or another request
            return payment.reversal[0] if payment.reversal[1] == day else refused("idempotency_key")
        if payment.kind not in ("repayment", "payoff"):
            return refused("transaction")
        if self.status not in ("active", "paid_off"):
            return refused("status")
        if self.credit_balance < payment.overpayment:
            return refused("transaction")
        return None

    # -- what happened ---------------------------------------------------------------------------

    def disbursed(self, day: date) -> None:
        self.status, self.disbursed_on, self.last_posting = "active", day, day
        self.principal_outstanding = self.principal
        self.paid_out += self.payout

    def paid(self, payment: Payment, day: date, *, paid_off: bool) -> None:
        self.payments.append(payment)
        self.received += payment.amount
        self.principal_outstanding -= payment.principal
        self.credit_balance += payment.overpayment
        self.settlement_fees += payment.settlement_fee
        self.last_posting = day
        if paid_off:
            self.status = "paid_off"

    def reversed_payment(self, payment: Payment, reversal: int, day: date) -> None:
        """A paid-off loan is active again when the reversal re-opens what the payment had paid."""
        payment.reversal = (reversal, day)
        self.reversed += payment.amount
        self.principal_outstanding += payment.principal
        self.credit_balance -= payment.overpayment
        self.settlement_fees -= payment.settlement_fee
        self.last_posting = day
        if self.status == "paid_off" and payment.amount > payment.overpayment:
            self.status = "active"

    def credit_used(self, split: Split, day: date, *, paid_off: bool) -> None:
        self.credit_balance -= split.applied
        self.principal_outstanding -= split.paid["principal"]
        self.last_posting = day
        if paid_off:
            self.status = "paid_off"

    def refunded_credit(self, amount: Decimal) -> None:
        self.credit_balance -= amount
        self.refunded += amount

    def written_off(self, day: date) -> None:
        self.status, self.principal_outstanding, self.last_posting = "written_off", ZERO, day

    def recovery(self, amount: Decimal) -> None:
        self.recovered += amount


@dataclass
class Reference:
    """Every loan of one run, the idempotency keys used, and what was executed."""

    loans: dict[str, LoanRef] = field(default_factory=dict)
    keys: dict[str, tuple[str, tuple[object, ...], int]] = field(default_factory=dict)  # key → (op, args, txn)
    operations: int = 0
    refusals: int = 0
    eod_days: int = 0

    @property
    def bank(self) -> Decimal:
        return sum((loan.bank for loan in self.loans.values()), ZERO)

    @property
    def principal(self) -> Decimal:
        return sum((loan.principal_outstanding for loan in self.loans.values()), ZERO)

    @property
    def credit(self) -> Decimal:
        return sum((loan.credit_balance for loan in self.loans.values()), ZERO)
