"""Repayments from a bank file (代扣/转账批量文件): many repayments posted together.

Each line is exactly what ``repayment_post`` would do for it — the same checks, allocation, journal
entry (Dr bank / Cr the receivables paid / Cr customer overpayment), loan transaction with its
idempotency key, and audit event — but a chunk of lines shares one transaction, one lock query
for its loans (pk order) and one for their open dues, and one INSERT per table. A line that
``repayment_post`` would refuse is refused here with the same field and message and writes
nothing; the other lines of its chunk still post. A key used before replays its first
transaction (or is refused when the request differs), also within one file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from autolend.audit.services import AuditItem, audit_append
from autolend.kernel.money import FEN
from autolend.ledger.batch import EntrySpec, journal_post_many
from autolend.ledger.chart import AccountRole as R
from autolend.ledger.rules import request_hash
from autolend.rows import rows_add, rows_update
from autolend.servicing import states
from autolend.servicing.errors import ServicingError
from autolend.servicing.models import (
    Installment,
    Loan,
    LoanStatus,
    LoanTransaction,
    TransactionKind,
)
from autolend.servicing.postings import EntryBuilder, loan_reference
from autolend.servicing.services._common import (
    DUE_FIELDS,
    LOAN_MONEY_FIELDS,
    amount_of,
    check_posting_date,
    date_of,
    key_of,
    loans_for_update,
    now,
    retrying,
    settled_after,
    snapshot,
)
from autolend.servicing.services._dues import credit_receivables, move_loan, totals
from autolend.servicing.services.repayments import CHANNELS, apply_cash, paid_off

CHUNK = 500


@dataclass(frozen=True)
class RepaymentLine:
    """One repayment of a bank file: ``amount`` yuan for loan ``loan_number``."""

    loan_number: str
    amount: Decimal | str | int
    idempotency_key: str
    channel: str = "bank_transfer"
    external_ref: str = ""


@dataclass
class BatchResult:
    """Per line (by index in the file): the transaction posted or replayed, or why it was refused."""

    posted: dict[int, LoanTransaction] = field(default_factory=dict)
    replayed: dict[int, LoanTransaction] = field(default_factory=dict)
    refused: dict[int, ServicingError] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "posted": len(self.posted), "replayed": len(self.replayed), "refused": len(self.refused),
            "refusals": [{"line": n + 1, "field": e.field, "message": e.message} for n, e in sorted(self.refused.items())],
        }


@dataclass
class _Line:
    index: int
    number: str
    amount: Decimal
    key: str
    channel: str
    external_ref: str
    fingerprint: str


def repayments_post_batch(lines: Sequence[RepaymentLine], business_date: date, *, actor: Any = None,
                          chunk: int = CHUNK, progress: Callable[[int, int], None] | None = None) -> BatchResult:
    """Post ``lines`` received on ``business_date``, ``chunk`` lines per transaction."""
    day = date_of(business_date)
    result = BatchResult()
    checked = [_check(n, line, day, result) for n, line in enumerate(lines)]
    valid = [line for line in checked if line is not None]
    for start in range(0, len(valid), chunk):
        part = valid[start:start + chunk]
        retrying(lambda part=part: _post_chunk(part, day, actor, result))
        if progress is not None:
            progress(min(start + chunk, len(valid)), len(valid))
    return result


def _check(index: int, line: RepaymentLine, day: date, result: BatchResult) -> _Line | None:
    """The line's input checks (as ``repayment_post`` makes them), or None when refused."""
    try:
        value, key = amount_of(line.amount), key_of(line.idempotency_key)
        if line.channel not in CHANNELS:
            raise ServicingError("channel", f"must be one of {', '.join(sorted(CHANNELS))}")
    except ServicingError as error:
        result.refused[index] = error
        return None
    number = str(line.loan_number).strip()
    fingerprint = request_hash({"op": "repayment", "loan": number, "amount": str(value),
                                "date": day.isoformat(), "channel": line.channel})
    return _Line(index, number, value, key, line.channel, (line.external_ref or "")[:80], fingerprint)


def _post_chunk(part: list[_Line], day: date, actor: Any, result: BatchResult) -> None:
    """One transaction for ``part``; a key another writer took meanwhile → the chunk runs again."""
    try:
        with transaction.atomic():
            _write(part, day, actor, _forget(part, result))
    except IntegrityError:
        with transaction.atomic():  # the winners' transactions are committed: now they replay
            _write(part, day, actor, _forget(part, result))


def _forget(part: list[_Line], result: BatchResult) -> BatchResult:
    """``result`` without what an earlier, rolled-back attempt said about ``part``'s lines."""
    for line in part:
        result.posted.pop(line.index, None)
        result.replayed.pop(line.index, None)
        result.refused.pop(line.index, None)
    return result


@dataclass
class _Posting:
    line: _Line
    loan: Loan
    txn: LoanTransaction
    spec: EntrySpec
    before: dict[str, Any]
    after: dict[str, Any]


def _write(part: list[_Line], day: date, actor: Any, result: BatchResult) -> None:
    loans = _lock_loans({line.number for line in part})
    earlier = {t.idempotency_key: t for t in LoanTransaction.objects.filter(idempotency_key__in={x.key for x in part})}
    dues = _lock_dues(loans.values(), day)
    firsts: dict[str, _Line] = {}  # key → the line of this file that posts it
    repeats: dict[int, str] = {}  # line index → key of an earlier line of this file
    postings: list[_Posting] = []
    for line in part:
        try:
            first = earlier.get(line.key)
            seen = firsts.get(line.key)
            if first is not None or seen is not None:
                fingerprint = first.request_hash if first is not None else seen.fingerprint  # type: ignore[union-attr]
                if fingerprint != line.fingerprint:
                    raise ServicingError("idempotency_key", f"{line.key!r} was already used with a different request")
                if first is not None:
                    result.replayed[line.index] = first
                else:
                    repeats[line.index] = line.key
                continue
            loan = loans.get(line.number)
            if loan is None:
                raise ServicingError("loan", f"no loan {line.number}")
            postings.append(_apply(line, loan, dues[loan.pk], day, actor))
        except ServicingError as error:
            result.refused[line.index] = error
            continue
        firsts[line.key] = line
    _save(postings, dues, day, actor)
    by_key = {p.line.key: p.txn for p in postings}
    for p in postings:
        result.posted[p.line.index] = p.txn
    for index, key in repeats.items():
        result.replayed[index] = by_key[key]


def _apply(line: _Line, loan: Loan, rows: list[Installment], day: date, actor: Any) -> _Posting:
    """Allocate the line on the loan in memory (rows and balances change; ``_save`` writes them)."""
    states.require(loan, "repay")
    check_posting_date(loan, day)
    before = snapshot(loan)
    changes, excess = apply_cash(loan, rows, line.amount, day)
    t = totals(changes)
    entry = EntryBuilder(loan.product_code, loan.number).debit(R.BANK, line.amount)
    credit_receivables(entry, t)
    entry.credit(R.CUSTOMER_CREDIT, excess)
    spec = EntrySpec(day, "repayment", entry.legs(), f"Repayment {line.amount} for {loan.number} ({line.channel})",
                     loan_reference(loan.number))
    move_loan(loan, t)
    loan.credit_balance += excess
    if paid_off(loan, rows) and settled_after([loan.pk], day):  # the query runs only for the last payment
        states.move(loan, LoanStatus.PAID_OFF)
        loan.closed_on = day
    loan.last_transaction_on = day  # a later line of the file for this loan is checked against it
    loan.dirty_dues = getattr(loan, "dirty_dues", set()) | set(changes)
    txn = LoanTransaction(
        loan=loan, kind=TransactionKind.REPAYMENT, business_date=day, amount=line.amount,
        idempotency_key=line.key, request_hash=line.fingerprint, channel=line.channel, external_ref=line.external_ref,
        principal=t.principal.quantize(FEN), interest=(t.interest_receivable + t.interest_income).quantize(FEN),
        fee=(t.fee_receivable + t.fee_income).quantize(FEN), penalty=t.penalty.quantize(FEN),
        overpayment=excess.quantize(FEN), allocation={"rows": changes.as_json()}, created_at=now(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    return _Posting(line, loan, txn, spec, before, {**snapshot(loan), "amount": line.amount, "batch": True})


# The transaction's columns, read off the instance (which the result hands back).
TXN_FIELDS = tuple(f.attname for f in LoanTransaction._meta.concrete_fields if not f.primary_key)


def _save(postings: list[_Posting], dues: dict[int, list[Installment]], day: date, actor: Any) -> None:
    """Write what the chunk did: entries, transactions, dues, loans, then the audit events."""
    if not postings:
        return
    entries = journal_post_many([p.spec for p in postings], actor=actor)
    txns = [p.txn for p in postings]
    for txn, entry in zip(txns, entries):
        txn.journal_entry_id = entry
    keys = rows_add(LoanTransaction, TXN_FIELDS, [tuple(getattr(t, name) for name in TXN_FIELDS) for t in txns])
    for txn, key in zip(txns, keys):
        txn.pk = key
        txn._state.adding, txn._state.db = False, "default"
    changed = list({p.loan.pk: p.loan for p in postings}.values())
    rows = [row for loan in changed for row in dues[loan.pk] if row.pk in loan.dirty_dues]
    rows_update(rows, DUE_FIELDS)
    rows_update(changed, LOAN_MONEY_FIELDS)
    audit_append([
        AuditItem("loan.repayment_post", "loan", p.loan.number, before=p.before,
                  after={**p.after, "transaction": p.txn.pk}, business_date=day)
        for p in postings
    ], actor=actor)


def _lock_loans(numbers: set[str]) -> dict[str, Loan]:
    """The file's loans, locked in pk order (as every service locks), with their last posting date."""
    return {loan.number: loan for loan in loans_for_update().filter(number__in=numbers).order_by("pk")}


def _lock_dues(loans: Any, day: date) -> dict[int, list[Installment]]:
    """The loans' open current dues due by ``day`` (what the file can pay), locked in pk order
    after the loans."""
    by_loan: dict[int, list[Installment]] = {loan.pk: [] for loan in loans}
    rows = (Installment.objects.select_for_update()
            .filter(loan__in=list(by_loan), is_current=True, settled_on__isnull=True, due_date__lte=day)
            .order_by("pk"))
    for row in rows:
        by_loan[row.loan_id].append(row)
    return by_loan
