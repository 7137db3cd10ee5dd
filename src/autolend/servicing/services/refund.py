"""Refund of an overpayment (退还溢缴款) through the payment gateway.

Accounting: Dr customer overpayment [2242] / Cr bank [1002]. The gateway is called after the
database writes; a refused payout rolls everything back (ServicingError on "payout").
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from autolend.integrations.payments import payment_gateway
from autolend.ledger.chart import AccountRole as R
from autolend.ledger.rules import request_hash
from autolend.servicing import states
from autolend.servicing.errors import ServicingError
from autolend.servicing.models import Loan, LoanTransaction, TransactionKind
from autolend.servicing.postings import EntryBuilder
from autolend.servicing.services._common import (
    amount_of,
    date_of,
    idempotent,
    key_of,
    loan_pk,
    lock_loan,
    record,
    replay,
    snapshot,
    transaction_record,
)
from autolend.servicing.services.repayments import loan_number_of


def overpayment_refund(
    loan_number: Loan | str,
    amount: Decimal | str | int | None = None,
    *,
    account: str,
    business_date: date,
    idempotency_key: str,
    actor: Any = None,
) -> LoanTransaction:
    """Pay ``amount`` yuan of the credit balance (default all of it) back to ``account``."""
    value = None if amount is None else amount_of(amount)
    day = date_of(business_date)
    key = key_of(idempotency_key)
    to = (account or "").strip()
    if not to or len(to) > 40:
        raise ServicingError("account", "is required (the payer's bank account, at most 40 characters)")
    number = loan_number_of(loan_number)
    pk = loan_pk(loan_number)
    fingerprint = request_hash({"op": "refund", "loan": number, "amount": str(value), "date": day.isoformat(),
                                "account": to})

    def refund() -> LoanTransaction:
        loan = lock_loan(pk)
        first = replay(key, fingerprint)
        if first is not None:
            return first
        states.require(loan, "refund an overpayment of")
        paid = loan.credit_balance if value is None else value
        if paid <= 0:
            raise ServicingError("amount", f"loan {loan.number} has no credit balance to refund")
        if paid > loan.credit_balance:
            raise ServicingError("amount", f"is more than the credit balance of {loan.credit_balance}")
        before = snapshot(loan)
        entry = EntryBuilder(loan.product_code, loan.number).debit(R.CUSTOMER_CREDIT, paid).credit(R.BANK, paid)
        je = entry.post(entry_date=day, kind="refund", actor=actor, description=f"Refund to {to} for {loan.number}")
        loan.credit_balance -= paid
        loan.save(update_fields=["credit_balance"])
        txn = transaction_record(loan, TransactionKind.REFUND, day, paid, actor=actor, journal_entry=je, key=key,
                                 request_hash=fingerprint, channel="gateway", overpayment=-paid)
        result = payment_gateway().payout(to, paid, loan.number, f"payout:{key}")
        if not result.ok:
            raise ServicingError(
                "payout", f"the payment gateway refused the refund: {result.message}; nothing was posted")
        txn.external_ref = result.reference[:80]
        txn.save(update_fields=["external_ref"])
        record("overpayment_refund", loan, actor=actor, before=before, business_date=day, transaction=txn.pk,
               amount=paid, account=to)
        return txn

    return idempotent(key, fingerprint, refund)
