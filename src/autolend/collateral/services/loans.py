"""The loan side of repossession that servicing does not offer yet (see the note below).

``loan_close_repossessed`` moves a loan settled by the sale of its car to ``closed_repossessed``.
Servicing's state machine allows active → closed_repossessed but has no service for it, and the
proceeds are applied through its public services (payoff, prepayment, repayment), which leave a
fully settled loan ``paid_off``; paid_off → closed_repossessed is not one of its transitions. Until
servicing owns this step (proposed: ``servicing.services.loan_close_repossessed`` and the
transition paid_off → closed_repossessed when the settling payment came from a repossession
sale), this module writes the status itself, under the loan's row lock, only for a loan that owes
nothing and holds no credit, and audits it. Nothing else here writes a servicing table.

``repossessions_close(as_of)`` closes settled orders whose loan has since been settled: a
deficiency paid off by the borrower (→ closed by repossession), or written off after approval.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from autolend.collateral.errors import CollateralError
from autolend.collateral.models import RepossessionOrder, RepossessionStatus, SettlementOutcome
from autolend.collateral.services._common import audit, date_of, lock, lock_loan


def loan_close_repossessed(loan_id: int, day: date, actor: Any = None) -> None:
    """paid_off → closed_repossessed for a loan settled by a repossession sale (stopgap, see above)."""
    from autolend.audit.services import audit_record
    from autolend.servicing.models import Loan, LoanStatus

    loan = lock_loan(loan_id)
    owed = loan.principal_outstanding + loan.interest_receivable + loan.fee_receivable + loan.penalty_receivable
    if loan.status != LoanStatus.PAID_OFF or owed != 0 or loan.credit_balance != 0:
        raise CollateralError("loan", f"loan {loan.number} is {loan.status} with {owed} owed and "
                                      f"{loan.credit_balance} credit: it cannot be closed by repossession")
    Loan.objects.filter(pk=loan.pk, status=LoanStatus.PAID_OFF).update(
        status=LoanStatus.CLOSED_REPOSSESSED, closed_on=loan.closed_on or day)
    audit_record("loan.close_repossessed", "loan", loan.number, actor=actor, before={"status": loan.status},
                 after={"status": LoanStatus.CLOSED_REPOSSESSED, "by": "collateral"}, business_date=day)


def repossessions_close(as_of: date, actor: Any = None) -> int:
    """Close settled orders whose loan has been settled since; returns how many were closed."""
    from autolend.servicing.models import LoanStatus

    day = date_of(as_of)
    S, Out = RepossessionStatus, SettlementOutcome
    candidates = RepossessionOrder.objects.filter(status=S.SETTLED).filter(
        loan__status__in=[LoanStatus.PAID_OFF, LoanStatus.WRITTEN_OFF], loan__credit_balance=0,
    ).values_list("pk", flat=True)
    closed = 0
    for pk in list(candidates):
        with transaction.atomic():
            row = lock(RepossessionOrder, pk, "order")
            if row.status != S.SETTLED:
                continue
            status = row.loan.status
            before = {"status": row.status, "outcome": row.outcome}
            if status == LoanStatus.PAID_OFF:
                loan_close_repossessed(row.loan_id, day, actor)
                row.outcome = Out.PAID_IN_FULL
            else:
                row.outcome = Out.DEFICIENCY_WRITTEN_OFF
            row.status, row.closed_on = S.CLOSED, day
            row.save(update_fields=["status", "outcome", "closed_on"])
            audit("repossession_close", row, actor=actor, before=before,
                  after={"status": row.status, "outcome": row.outcome}, on=day)
            closed += 1
    return closed
