"""Disbursement (放款) with maker-checker and the payout through the payment gateway.

Accounting (default chart codes in brackets):
  disbursement   Dr principal receivable [1301] P
                 Cr dealer payable [2202] P − deducted fee,  Cr fee income [6021] deducted fee
                 (billed fee instead: Dr fee receivable [1133] / Cr fee income [6021], due n = 0)
  payout         Dr dealer payable [2202] / Cr bank [1002]  (what the gateway sent)
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from autolend.integrations.payments import payment_gateway
from autolend.kernel.money import ZERO
from autolend.ledger.chart import AccountRole as R
from autolend.ledger.rules import request_hash
from autolend.servicing import states
from autolend.servicing.errors import ServicingError
from autolend.servicing.models import (
    ApprovalKind,
    ApprovalRequest,
    ApprovalStatus,
    Installment,
    Loan,
    LoanStatus,
    TransactionKind,
)
from autolend.servicing.postings import EntryBuilder
from autolend.servicing.services._common import (
    date_of,
    loan_pk,
    lock_loan,
    record,
    retrying,
    setup_of,
    snapshot,
    transaction_record,
)
from autolend.servicing.services._versions import booking_dues, refresh_loan_shape, version_record
from autolend.servicing.services.approvals import approval_decide, approval_lock, approval_open
from autolend.servicing.terms import FeeTreatment, LoanSetup


def _fees(setup: LoanSetup) -> tuple[Decimal, Decimal]:
    """(deducted, billed) upfront fee in yuan: one of them is zero."""
    if setup.fee_treatment is FeeTreatment.DEDUCTED:
        return setup.fee_upfront, ZERO
    return ZERO, setup.fee_upfront


def disbursement_request(loan: Loan | str, actor: Any, business_date: date) -> ApprovalRequest:
    """The maker asks to disburse a booked loan; returns the pending ApprovalRequest."""
    day = date_of(business_date)
    pk = loan_pk(loan)

    def ask() -> ApprovalRequest:
        with transaction.atomic():
            locked = lock_loan(pk)
            states.require(locked, "request disbursement of")
            setup = setup_of(locked)
            deducted, billed = _fees(setup)
            payload = {
                "principal": str(locked.principal), "payout": str(locked.principal - deducted),
                "fee_upfront": str(setup.fee_upfront), "fee_treatment": setup.fee_treatment.value,
                "payee_account": locked.payee_account,
            }
            request = approval_open(ApprovalKind.DISBURSEMENT, locked, actor, day, payload)
            record("disbursement_request", locked, actor=actor, before=snapshot(locked), business_date=day,
                   request=request.pk)
            return request

    return retrying(ask)


def disbursement_approve(request: ApprovalRequest | int, checker: Any, business_date: date) -> Loan:
    """The checker (not the maker) approves: dues from the actual date, the two entries, the payout.

    The gateway is called after every database write of the transaction, so a refused payout rolls
    everything back (the loan stays pending, nothing is posted, the request stays pending) and a
    database failure after a successful payout is retried with the same gateway idempotency key,
    which never pays twice.
    """
    day = date_of(business_date)

    def approve() -> Loan:
        with transaction.atomic():
            loan, locked = approval_lock(request, ApprovalKind.DISBURSEMENT)
            approval_decide(locked, checker, day, ApprovalStatus.APPROVED)
            states.require(loan, "disburse")
            if day < loan.booked_on:
                raise ServicingError("business_date", f"is before the booking on {loan.booked_on}")
            before = snapshot(loan)
            setup = setup_of(loan)
            deducted, billed = _fees(setup)
            payout = loan.principal - deducted
            # The plan made at booking is replaced by the schedule from the actual date.
            Installment.objects.filter(loan=loan).delete()
            dues, schedule, basis = booking_dues(loan, setup, day, recognise_fee=True)
            Installment.objects.bulk_create(dues)
            version_record(loan, 1, "disbursement", day, basis, schedule)

            entry = EntryBuilder(loan.product_code, loan.number)
            entry.debit(R.PRINCIPAL_RECEIVABLE, loan.principal).credit(R.DEALER_PAYABLE, payout)
            entry.debit(R.FEE_RECEIVABLE, billed).credit(R.FEE_INCOME, deducted + billed)
            disbursed = entry.post(entry_date=day, kind="disbursement", actor=checker,
                                   description=f"Disbursement of {loan.number}: {loan.principal}")
            key = f"disbursement:{loan.number}:{locked.pk}"
            transaction_record(loan, TransactionKind.DISBURSEMENT, day, loan.principal, actor=checker,
                               journal_entry=disbursed, principal=loan.principal, fee=setup.fee_upfront,
                               key=key, request_hash=request_hash(locked.payload), channel="gateway")
            paid = EntryBuilder(loan.product_code, loan.number, entry.codes)
            paid.debit(R.DEALER_PAYABLE, payout).credit(R.BANK, payout)
            payout_entry = paid.post(entry_date=day, kind="payout", actor=checker,
                                     description=f"Payout for {loan.number} to {loan.payee_account}")
            payout_txn = transaction_record(loan, TransactionKind.PAYOUT, day, payout, actor=checker,
                                            journal_entry=payout_entry, channel="gateway")

            states.move(loan, LoanStatus.ACTIVE)
            loan.disbursed_on = day
            loan.principal_outstanding = loan.principal
            loan.fee_receivable = billed
            refresh_loan_shape(loan, dues)
            loan.save(update_fields=["status", "disbursed_on", "principal_outstanding", "fee_receivable",
                                     "installments", "maturity_date"])

            result = payment_gateway().payout(loan.payee_account, payout, loan.number, key)
            if not result.ok:
                raise ServicingError("payout", f"the payment gateway refused the payout: {result.message}; "
                                     "the loan stays pending disbursement and nothing was posted")
            payout_txn.external_ref = result.reference[:80]
            payout_txn.save(update_fields=["external_ref"])
            record("disburse", loan, actor=checker, before=before, business_date=day, request=locked.pk,
                   payout=payout, payout_reference=result.reference)
            return loan

    return retrying(approve)
