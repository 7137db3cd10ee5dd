"""Closing a loan settled by the sale of its repossessed car (收车处置结清): the status change only.

The sale proceeds reach the loan through the money services (``payoff_post`` leaves a fully
settled loan ``paid_off``, with any surplus as customer credit, refunded by
``overpayment_refund``); collateral then asks servicing to record why the loan ended:
paid_off (or active with nothing owed) → closed_repossessed. No money moves, so there is no journal
entry and no loan transaction; the change is audited (``loan.close_by_repossession``). Refused while
anything is owed or a credit balance is held (refund it first). Idempotent: a loan already closed
by repossession is returned unchanged, nothing recorded twice.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from autolend.servicing import states
from autolend.servicing.errors import ServicingError
from autolend.servicing.models import Loan, LoanStatus
from autolend.servicing.services._common import (
    date_of,
    loan_pk,
    lock_loan,
    record,
    retrying,
    snapshot,
)

CLOSABLE = frozenset({LoanStatus.PAID_OFF, LoanStatus.ACTIVE})


def loan_close_by_repossession(loan_number: Loan | str, business_date: date, actor: Any = None) -> Loan:
    """Mark the loan ``closed_repossessed``; ``closed_on`` keeps the payoff date (else the business date)."""
    day = date_of(business_date)
    pk = loan_pk(loan_number)

    def close() -> Loan:
        with transaction.atomic():
            loan = lock_loan(pk)  # a payment reversal reopening the loan cannot interleave with the close
            if loan.status == LoanStatus.CLOSED_REPOSSESSED:
                return loan
            owed = loan.principal_outstanding + loan.interest_receivable + loan.fee_receivable + loan.penalty_receivable
            if loan.status not in CLOSABLE or owed != 0 or loan.credit_balance != 0:
                raise ServicingError("status", f"loan {loan.number} is {loan.status} with {owed} owed and "
                                               f"{loan.credit_balance} credit: it cannot be closed by repossession")
            before = snapshot(loan)
            states.move(loan, LoanStatus.CLOSED_REPOSSESSED)
            loan.closed_on = loan.closed_on or day
            loan.save(update_fields=["status", "closed_on"])
            record("close_by_repossession", loan, actor=actor, before=before, business_date=day)
            return loan

    return retrying(close)
