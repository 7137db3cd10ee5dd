"""Charging a penalty (罚息) on one overdue due by hand; EOD charges them in bulk the same way.

Accounting: Dr penalty receivable [1134] / Cr penalty interest income [6031]. The due's ``penalty``
and the loan's ``penalty_receivable`` rise by the amount (penalties are recognised when charged).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from autolend.ledger.chart import AccountRole as R
from autolend.ledger.rules import request_hash
from autolend.servicing import states
from autolend.servicing.errors import ServicingError
from autolend.servicing.models import Loan, LoanTransaction, TransactionKind
from autolend.servicing.postings import EntryBuilder
from autolend.servicing.services._common import (
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
    snapshot,
    transaction_record,
)
from autolend.servicing.services.repayments import loan_number_of


def penalty_charge(loan_number: Loan | str, n: int, amount: Decimal | str | int, business_date: date,
                   actor: Any = None, idempotency_key: str = "") -> LoanTransaction:
    """Charge ``amount`` yuan of penalty on current due ``n``, which must be overdue on ``business_date``."""
    value = amount_of(amount)
    day = date_of(business_date)
    number = loan_number_of(loan_number)
    pk = loan_pk(loan_number)
    key = key_of(idempotency_key or f"penalty:{number}:{n}:{day.isoformat()}")
    fingerprint = request_hash({"op": "penalty", "loan": number, "n": n, "amount": str(value), "date": day.isoformat()})

    def charge() -> LoanTransaction:
        loan = lock_loan(pk)
        first = replay(key, fingerprint)
        if first is not None:
            return first
        states.require(loan, "charge a penalty on")
        check_posting_date(loan, day)
        row = next((row for row in lock_dues(loan) if row.n == n), None)
        if row is None or row.due_date >= day or row.settled_on is not None:
            raise ServicingError("n", f"due {n} of {loan.number} is not overdue on {day}")
        before = snapshot(loan)
        entry = EntryBuilder(loan.product_code, loan.number).debit(R.PENALTY_RECEIVABLE, value)
        entry.credit(R.PENALTY_INCOME, value)
        je = entry.post(entry_date=day, kind="penalty", actor=actor, description=f"Penalty on {loan.number} due {n}")
        row.penalty += value
        row.save(update_fields=["penalty"])
        loan.penalty_receivable += value
        loan.save(update_fields=["penalty_receivable"])
        txn = transaction_record(loan, TransactionKind.PENALTY, day, value, actor=actor, journal_entry=je, key=key,
                                 request_hash=fingerprint, penalty=value, allocation={"due": row.pk, "n": n})
        record("penalty_charge", loan, actor=actor, before=before, business_date=day, transaction=txn.pk, n=n)
        return txn

    return idempotent(key, fingerprint, charge)
