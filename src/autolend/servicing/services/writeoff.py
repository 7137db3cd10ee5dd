"""Write-off (核销) with maker-checker, and recoveries after it.

Accounting of a write-off of everything the books hold for the loan (T = principal + interest + fee
+ penalty receivables):
  Dr loan-loss allowance [1304] min(provision, T) · Dr write-off expense [6702] the rest
  Cr principal [1301] · interest [1132] · fee [1133] · penalty [1134] receivables
  and any provision beyond T is released: Dr loan-loss allowance [1304] / Cr credit impairment
  losses [6701].
The loan's balances and provision become zero and it is written off; its dues stay as they were
(the record of what was owed). A credit balance must be applied or refunded first.
A recovery after write-off: Dr bank [1002] / Cr recoveries of written-off loans [6051].
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from autolend.kernel.money import ZERO
from autolend.ledger.chart import AccountRole as R
from autolend.ledger.rules import request_hash
from autolend.servicing import states
from autolend.servicing.errors import ServicingError
from autolend.servicing.models import (
    ApprovalKind,
    ApprovalRequest,
    ApprovalStatus,
    Loan,
    LoanStatus,
    LoanTransaction,
    TransactionKind,
)
from autolend.servicing.postings import EntryBuilder
from autolend.servicing.services._common import (
    LOAN_MONEY_FIELDS,
    amount_of,
    check_posting_date,
    date_of,
    idempotent,
    key_of,
    loan_pk,
    lock_dues,
    lock_loan,
    record,
    replay,
    retrying,
    snapshot,
    transaction_record,
)
from autolend.servicing.services.approvals import approval_decide, approval_lock, approval_open
from autolend.servicing.services.repayments import CHANNELS, loan_number_of


def writeoff_request(loan: Loan | str, actor: Any, business_date: date, reason: str) -> ApprovalRequest:
    """The maker proposes to write the loan off; ``reason`` is required."""
    day = date_of(business_date)
    why = (reason or "").strip()
    if not why:
        raise ServicingError("reason", "is required")
    pk = loan_pk(loan)

    def ask() -> ApprovalRequest:
        with transaction.atomic():
            locked = lock_loan(pk)
            states.require(locked, "write off")
            payload = {"principal": str(locked.principal_outstanding), "provision": str(locked.provision)}
            request = approval_open(ApprovalKind.WRITE_OFF, locked, actor, day, payload, why)
            record("writeoff_request", locked, actor=actor, before=snapshot(locked), business_date=day,
                   request=request.pk, reason=why)
            return request

    return retrying(ask)


def writeoff_approve(request: ApprovalRequest | int, checker: Any, business_date: date) -> LoanTransaction:
    """The checker (not the maker) approves: the write-off entry, the loan written off."""
    day = date_of(business_date)

    def approve() -> LoanTransaction:
        with transaction.atomic():
            loan, locked = approval_lock(request, ApprovalKind.WRITE_OFF)
            approval_decide(locked, checker, day, ApprovalStatus.APPROVED)
            states.require(loan, "write off")
            check_posting_date(loan, day)
            if loan.credit_balance > 0:
                raise ServicingError(
                    "credit_balance", f"apply or refund the credit balance of {loan.credit_balance} first")
            lock_dues(loan)  # EOD must not accrue or charge on the dues while they are written off
            before = snapshot(loan)
            parts = (loan.principal_outstanding, loan.interest_receivable, loan.fee_receivable, loan.penalty_receivable)
            total = sum(parts, ZERO)
            if total <= 0:
                raise ServicingError("loan", f"loan {loan.number} has nothing outstanding to write off")
            allowance = min(loan.provision, total)
            released = loan.provision - allowance
            entry = EntryBuilder(loan.product_code, loan.number)
            entry.debit(R.LOAN_LOSS_ALLOWANCE, allowance).debit(R.WRITE_OFF_EXPENSE, total - allowance)
            for role, amount in zip((R.PRINCIPAL_RECEIVABLE, R.INTEREST_RECEIVABLE, R.FEE_RECEIVABLE,
                                     R.PENALTY_RECEIVABLE), parts):
                entry.credit(role, amount)
            entry.debit(R.LOAN_LOSS_ALLOWANCE, released).credit(R.PROVISION_EXPENSE, released)
            je = entry.post(entry_date=day, kind="write_off", actor=checker,
                            description=f"Write-off of {loan.number}: {total} ({locked.reason})")
            loan.principal_outstanding = loan.interest_receivable = loan.fee_receivable = ZERO
            loan.penalty_receivable = loan.provision = ZERO
            states.move(loan, LoanStatus.WRITTEN_OFF)
            loan.closed_on = day
            loan.save(update_fields=LOAN_MONEY_FIELDS)
            txn = transaction_record(
                loan, TransactionKind.WRITE_OFF, day, total, actor=checker, journal_entry=je,
                principal=parts[0], interest=parts[1], fee=parts[2], penalty=parts[3], note=locked.reason,
                allocation={"allowance_used": str(allowance), "expense": str(total - allowance),
                            "provision_released": str(released), "request": locked.pk},
            )
            record("writeoff", loan, actor=checker, before=before, business_date=day, transaction=txn.pk,
                   request=locked.pk, written_off=total)
            return txn

    return retrying(approve)


def recovery_post(loan_number: Loan | str, amount: Decimal | str | int, business_date: date, idempotency_key: str,
                  channel: str = "manual", external_ref: str = "", actor: Any = None) -> LoanTransaction:
    """Money received on a written-off loan (e.g. from the sale of the car): recoveries income."""
    value = amount_of(amount)
    day = date_of(business_date)
    key = key_of(idempotency_key)
    if channel not in CHANNELS:
        raise ServicingError("channel", f"must be one of {', '.join(sorted(CHANNELS))}")
    number = loan_number_of(loan_number)
    pk = loan_pk(loan_number)
    fingerprint = request_hash({"op": "recovery", "loan": number, "amount": str(value), "date": day.isoformat(),
                                "channel": channel})

    def recover() -> LoanTransaction:
        loan = lock_loan(pk)
        first = replay(key, fingerprint)
        if first is not None:
            return first
        states.require(loan, "post a recovery on")
        if loan.closed_on and day < loan.closed_on:
            raise ServicingError("business_date", f"is before the write-off on {loan.closed_on}")
        before = snapshot(loan)
        entry = EntryBuilder(loan.product_code, loan.number).debit(R.BANK, value).credit(R.RECOVERY_INCOME, value)
        je = entry.post(entry_date=day, kind="recovery", actor=actor, description=f"Recovery on {loan.number}")
        txn = transaction_record(loan, TransactionKind.RECOVERY, day, value, actor=actor, journal_entry=je, key=key,
                                 request_hash=fingerprint, channel=channel, external_ref=(external_ref or "")[:80])
        record("recovery_post", loan, actor=actor, before=before, business_date=day, transaction=txn.pk, amount=value)
        return txn

    return idempotent(key, fingerprint, recover)
