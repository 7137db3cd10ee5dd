"""The loan's state machine: which status may follow which, and what each status allows.

pending_disbursement → active → paid_off | written_off | closed_repossessed, and
pending_disbursement → cancelled. A paid-off loan goes back to active only when the payment that
paid it off is reversed (a bounced payment), or on to closed_repossessed when the payoff came from
the sale of the repossessed car. Restructuring and prepayment are not states: they make
a new schedule version of an active loan (recorded as a RESTRUCTURE / PREPAYMENT transaction).
Overdue is not a state either: it is derived from the dues.
"""

from __future__ import annotations

from autolend.servicing.errors import ServicingError
from autolend.servicing.models import Loan, LoanStatus

S = LoanStatus

TRANSITIONS: dict[str, frozenset[str]] = {
    S.PENDING_DISBURSEMENT: frozenset({S.ACTIVE, S.CANCELLED}),
    S.ACTIVE: frozenset({S.PAID_OFF, S.WRITTEN_OFF, S.CLOSED_REPOSSESSED}),
    # back to active only by reversing the payment that paid it off; closed by repossession when
    # the payoff came from the sale of the repossessed car (services.loan_close_by_repossession)
    S.PAID_OFF: frozenset({S.ACTIVE, S.CLOSED_REPOSSESSED}),
    S.WRITTEN_OFF: frozenset(),
    S.CLOSED_REPOSSESSED: frozenset(),
    S.CANCELLED: frozenset(),
}

# Operation → the statuses in which it is allowed.
ALLOWED: dict[str, frozenset[str]] = {
    "request disbursement of": frozenset({S.PENDING_DISBURSEMENT}),
    "disburse": frozenset({S.PENDING_DISBURSEMENT}),
    "repay": frozenset({S.ACTIVE}),
    "prepay": frozenset({S.ACTIVE}),
    "pay off": frozenset({S.ACTIVE}),
    "charge a penalty on": frozenset({S.ACTIVE}),
    "apply credit to": frozenset({S.ACTIVE}),
    "reverse a payment of": frozenset({S.ACTIVE, S.PAID_OFF}),
    "refund an overpayment of": frozenset({S.ACTIVE, S.PAID_OFF}),
    "write off": frozenset({S.ACTIVE}),
    "restructure": frozenset({S.ACTIVE}),
    "post a recovery on": frozenset({S.WRITTEN_OFF}),
}


def require(loan: Loan, operation: str) -> None:
    """Refuse ``operation`` unless the loan's status allows it (ServicingError on field "status")."""
    if loan.status not in ALLOWED[operation]:
        raise ServicingError("status", f"cannot {operation} loan {loan.number}: it is {loan.status}")


def move(loan: Loan, to: str) -> None:
    """Set the loan's status to ``to`` if that transition is legal (the caller saves the loan)."""
    if to not in TRANSITIONS[loan.status]:
        raise ServicingError("status", f"loan {loan.number} cannot go from {loan.status} to {to}")
    loan.status = to
