"""The loan side of repossession: servicing closes the loan, collateral closes its orders.

``loan_close_repossessed`` asks servicing (``loan_close_by_repossession``) to move a loan settled
by the sale of its car to ``closed_repossessed``: servicing locks the loan, checks its state
machine and that nothing is owed and no credit held, and audits the change (idempotent). Nothing
here writes a servicing table. A refusal comes back as a ``CollateralError`` on "loan".

``repossessions_close(as_of)`` closes settled orders whose loan has since been settled: a
deficiency paid off by the borrower (→ closed by repossession), or written off after approval.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from autolend.collateral.errors import CollateralError
from autolend.collateral.models import RepossessionOrder, RepossessionStatus, SettlementOutcome
from autolend.collateral.services._common import audit, date_of, lock


def loan_close_repossessed(loan_id: int, day: date, actor: Any = None) -> None:
    """paid_off → closed_repossessed for a loan settled by a repossession sale (servicing's service)."""
    from autolend.servicing.errors import ServicingError
    from autolend.servicing.models import Loan
    from autolend.servicing.services import loan_close_by_repossession

    number = Loan.objects.filter(pk=loan_id).values_list("number", flat=True).first()
    if number is None:
        raise CollateralError("loan", f"no loan with id {loan_id}")
    try:
        loan_close_by_repossession(number, day, actor)
    except ServicingError as exc:
        raise CollateralError("loan", exc.message) from None


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
