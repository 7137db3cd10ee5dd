"""Repayments (还款): manual postings, gateway notifications, and applying a credit balance.

Accounting of a repayment of A yuan:
  Dr bank [1002] A
  Cr penalty receivable [1134] · Cr fee receivable [1133] · Cr interest receivable [1132]
  · Cr principal receivable [1301] — what the allocation paid of each, and
  Cr fee income [6021] / interest income [6011] for fee or interest paid beyond what EOD had
  recognised (``fee_recognized`` / ``interest_accrued`` are raised in the same step, so paying on the
  due date before EOD is right) · Cr customer overpayment [2242] the excess, kept as credit balance.
Only dues with ``due_date`` ≤ the business date are paid, in the loan's allocation order (default
penalties → fees → interest → principal, oldest due first). Paying more than is due is not a
prepayment unless asked for (``prepayment_post``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from autolend.ledger.chart import AccountRole as R
from autolend.ledger.rules import request_hash
from autolend.servicing import states
from autolend.servicing.errors import ServicingError
from autolend.servicing.models import (
    Installment,
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
    dues_save,
    idempotent,
    key_of,
    loan_pk,
    lock_dues,
    lock_loan,
    record,
    replay,
    settled_after,
    setup_of,
    snapshot,
    transaction_record,
)
from autolend.servicing.services._dues import (
    Changes,
    Totals,
    allocate_rows,
    credit_receivables,
    is_settled,
    mark_settled,
    move_loan,
    totals,
)
from autolend.servicing.terms import Overpayment

CHANNELS = frozenset({"manual", "bank_transfer", "auto_debit", "gateway", "cash"})


def loan_number_of(loan: Loan | str) -> str:
    return loan.number if isinstance(loan, Loan) else str(loan).strip()


def repayment_post(
    loan_number: Loan | str,
    amount: Decimal | str | int,
    business_date: date,
    idempotency_key: str,
    channel: str = "manual",
    external_ref: str = "",
    actor: Any = None,
    *,
    refund_account: str = "",
) -> LoanTransaction:
    """Post a repayment of ``amount`` yuan received on ``business_date``; returns the transaction.

    Idempotent: the same key with the same loan, amount, date and channel returns the first
    transaction; the same key with anything else is refused (ServicingError on "idempotency_key").
    The excess over what is due is kept as credit balance; under the ``refund`` overpayment rule it
    is also paid back to ``refund_account`` after commit (when one is known).
    """
    value = amount_of(amount)
    day = date_of(business_date)
    key = key_of(idempotency_key)
    if channel not in CHANNELS:
        raise ServicingError("channel", f"must be one of {', '.join(sorted(CHANNELS))}")
    number = loan_number_of(loan_number)
    target = loan_number.pk if isinstance(loan_number, Loan) else number
    fingerprint = request_hash({"op": "repayment", "loan": number, "amount": str(value),
                                "date": day.isoformat(), "channel": channel})

    def post() -> LoanTransaction:
        loan = lock_loan(target)
        first = replay(key, fingerprint)
        if first is not None:
            return first
        states.require(loan, "repay")
        check_posting_date(loan, day)
        before = snapshot(loan)
        rows = lock_dues(loan, open_due_by=day)
        changes, excess = apply_cash(loan, rows, value, day)
        t = totals(changes)
        entry = EntryBuilder(loan.product_code, loan.number).debit(R.BANK, value)
        credit_receivables(entry, t)
        entry.credit(R.CUSTOMER_CREDIT, excess)
        je = entry.post(entry_date=day, kind="repayment", actor=actor,
                        description=f"Repayment {value} for {loan.number} ({channel})")
        finish(loan, rows, changes, t, day, credit=excess)
        txn = transaction_record(
            loan, TransactionKind.REPAYMENT, day, value, actor=actor, journal_entry=je, key=key,
            request_hash=fingerprint, channel=channel, external_ref=(external_ref or "")[:80],
            principal=t.principal, interest=t.interest_receivable + t.interest_income,
            fee=t.fee_receivable + t.fee_income, penalty=t.penalty, overpayment=excess,
            allocation={"rows": changes.as_json()},
        )
        record("repayment_post", loan, actor=actor, before=before, business_date=day, transaction=txn.pk,
               amount=value)
        if excess > 0 and refund_account and setup_of(loan).overpayment is Overpayment.REFUND:
            transaction.on_commit(lambda: _refund_later(loan.number, excess, refund_account, day, key), robust=True)
        return txn

    return idempotent(key, fingerprint, post)


def credit_apply(loan_number: Loan | str, business_date: date, actor: Any = None,
                 idempotency_key: str = "") -> LoanTransaction:
    """Use the loan's credit balance to pay what is due on ``business_date``.

    Accounting: Dr customer overpayment [2242] / Cr the receivables, as a repayment. The default
    key is one per loan and business date (a second call that day returns the first).
    """
    day = date_of(business_date)
    number = loan_number_of(loan_number)
    pk = loan_pk(loan_number)
    key = key_of(idempotency_key or f"credit-apply:{number}:{day.isoformat()}")
    fingerprint = request_hash({"op": "credit_apply", "loan": number, "date": day.isoformat()})

    def apply() -> LoanTransaction:
        loan = lock_loan(pk)
        first = replay(key, fingerprint)
        if first is not None:
            return first
        states.require(loan, "apply credit to")
        check_posting_date(loan, day)
        if loan.credit_balance <= 0:
            raise ServicingError("credit_balance", f"loan {loan.number} has no credit balance")
        before = snapshot(loan)
        rows = lock_dues(loan, open_due_by=day)
        changes, left = apply_cash(loan, rows, loan.credit_balance, day)
        used = loan.credit_balance - left
        if used <= 0:
            raise ServicingError("credit_balance", f"nothing is due on loan {loan.number} on {day}")
        t = totals(changes)
        entry = EntryBuilder(loan.product_code, loan.number).debit(R.CUSTOMER_CREDIT, used)
        credit_receivables(entry, t)
        je = entry.post(entry_date=day, kind="credit_applied", actor=actor,
                        description=f"Credit balance {used} applied to {loan.number}")
        finish(loan, rows, changes, t, day, credit=-used)
        txn = transaction_record(
            loan, TransactionKind.CREDIT_APPLIED, day, used, actor=actor, journal_entry=je, key=key,
            request_hash=fingerprint, channel="credit", principal=t.principal,
            interest=t.interest_receivable + t.interest_income, fee=t.fee_receivable + t.fee_income,
            penalty=t.penalty, overpayment=-used, allocation={"rows": changes.as_json()},
        )
        record("credit_apply", loan, actor=actor, before=before, business_date=day, transaction=txn.pk)
        return txn

    return idempotent(key, fingerprint, apply)


def apply_cash(loan: Loan, rows: list[Installment], amount: Decimal, day: date) -> tuple[Changes, Decimal]:
    """Allocate ``amount`` over the dues due by ``day``; returns the changes and what is left."""
    changes = Changes()
    due = [row for row in rows if row.due_date <= day]
    left = allocate_rows(due, amount, setup_of(loan).allocation_rule(), changes)
    mark_settled(rows, changes, day)
    return changes, left


def finish(loan: Loan, rows: list[Installment], changes: Changes, t: Totals, day: date, *, credit: Decimal) -> None:
    """Save the changed dues and the loan's new balances; a loan that owes nothing is paid off.
    ``rows`` holds every due still open up to ``day``; later ones are looked up if it matters."""
    dues_save(rows, changes)
    move_loan(loan, t)
    loan.credit_balance += credit
    if paid_off(loan, rows) and settled_after([loan.pk], day):
        states.move(loan, LoanStatus.PAID_OFF)
        loan.closed_on = day
    loan.save(update_fields=LOAN_MONEY_FIELDS)


def paid_off(loan: Loan, rows: list[Installment]) -> bool:
    """Whether the loan may be paid off, judged on ``rows`` (the caller checks later dues)."""
    return loan.status == LoanStatus.ACTIVE and loan.principal_outstanding == 0 and is_settled(rows)


def _refund_later(number: str, amount: Decimal, account: str, day: date, key: str) -> None:
    from autolend.servicing.services.refund import overpayment_refund

    overpayment_refund(number, amount, account=account, business_date=day, idempotency_key=f"refund:{key}")
