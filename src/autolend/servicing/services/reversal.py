"""Reversal of a bounced payment (退票/扣款退回): the mirror entry and the dues re-opened exactly.

Accounting: ``ledger.services.journal_reverse`` of the payment's entry (every line mirrored, so
the receivables, any recognition made by the payment, the settlement fee and the overpayment all
go back). The dues get back exactly what the payment's stored allocation took from them
(paid amounts, recognition, waivers, ``settled_on``); the loan's balances are restored and a loan
the payment had paid off is active again. Later payments are not re-allocated.

Reversible: repayments and payoffs. A prepayment changed the schedule, so it is refused (restore
with a restructure); so is a payment whose dues were replaced by a later schedule version since.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from autolend.ledger.rules import request_hash
from autolend.ledger.services import journal_reverse
from autolend.servicing import states
from autolend.servicing.errors import ServicingError
from autolend.servicing.models import Installment, LoanStatus, LoanTransaction, TransactionKind
from autolend.servicing.services._common import (
    DUE_FIELDS,
    LOAN_MONEY_FIELDS,
    date_of,
    idempotent,
    key_of,
    lock_dues,
    lock_loan,
    record,
    replay,
    snapshot,
    transaction_record,
)
from autolend.servicing.services._dues import (
    Changes,
    RowChange,
    is_settled,
    move_loan,
    totals,
    undo,
)

REVERSIBLE = frozenset({TransactionKind.REPAYMENT, TransactionKind.PAYOFF})


def repayment_reverse(
    payment: LoanTransaction | int,
    business_date: date,
    reason: str,
    actor: Any = None,
    idempotency_key: str = "",
) -> LoanTransaction:
    """Reverse ``payment`` on ``business_date`` (e.g. the bank returned it); returns the REVERSAL."""
    day = date_of(business_date)
    pk = payment.pk if isinstance(payment, LoanTransaction) else int(payment)
    loan_id = LoanTransaction.objects.filter(pk=pk).values_list("loan_id", flat=True).first()
    if loan_id is None:
        raise ServicingError("transaction", f"no transaction {pk}")
    why = (reason or "").strip()
    if not why:
        raise ServicingError("reason", "is required")
    key = key_of(idempotency_key or f"reversal:{pk}")
    fingerprint = request_hash({"op": "reversal", "transaction": pk, "date": day.isoformat()})

    def reverse() -> LoanTransaction:
        loan = lock_loan(loan_id)
        first = replay(key, fingerprint)
        if first is not None:
            return first
        original = LoanTransaction.objects.select_related("journal_entry").get(pk=pk)
        if original.kind not in REVERSIBLE:
            raise ServicingError("transaction", f"a {original.kind} cannot be reversed; only repayments and payoffs")
        if LoanTransaction.objects.filter(reverses=original).exists():
            raise ServicingError("transaction", f"transaction {pk} is already reversed")
        states.require(loan, "reverse a payment of")
        if day < original.business_date:
            raise ServicingError("business_date", f"is before the payment on {original.business_date}")
        if loan.credit_balance < original.overpayment:
            raise ServicingError("transaction", "its overpayment was already refunded or applied; reverse that first")
        rows = {row.pk: row for row in lock_dues(loan)}
        changes = Changes()
        for item in original.allocation.get("rows", []):
            change = RowChange.from_json(item)
            if change.due not in rows:
                raise ServicingError("transaction", "its dues were replaced by a later schedule version")
            changes[change.due] = change
        before = snapshot(loan)
        for change in changes.values():
            undo(rows[change.due], change)
        Installment.objects.bulk_update([rows[due] for due in changes], DUE_FIELDS)
        assert original.journal_entry is not None
        entry = journal_reverse(original.journal_entry, entry_date=day, reason=why[:120], actor=actor)
        move_loan(loan, totals(changes), sign=-1)
        loan.credit_balance -= original.overpayment
        if loan.status == LoanStatus.PAID_OFF and not is_settled(list(rows.values())):  # something owed again
            states.move(loan, LoanStatus.ACTIVE)
            loan.closed_on = None
        loan.save(update_fields=LOAN_MONEY_FIELDS)
        txn = transaction_record(
            loan, TransactionKind.REVERSAL, day, original.amount, actor=actor, journal_entry=entry, key=key,
            request_hash=fingerprint, reverses=original, channel=original.channel, note=why[:200],
            principal=original.principal, interest=original.interest, fee=original.fee,
            penalty=original.penalty, overpayment=original.overpayment, allocation=original.allocation,
        )
        record("repayment_reverse", loan, actor=actor, before=before, business_date=day, transaction=txn.pk,
               reverses=pk, reason=why)
        return txn

    return idempotent(key, fingerprint, reverse)
