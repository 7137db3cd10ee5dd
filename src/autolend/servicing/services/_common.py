"""What every servicing service shares: input checks, locks, idempotent replay, retries, audit.

Lock order (every service, so two of them can never wait on each other in a cycle):
the number sequence (booking only) → the loan row → its approval request → its current dues
(by pk) → the journal rows it inserts → the audit chain head (``audit_record``, always last).
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any, TypeVar

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F, Max, OuterRef, Subquery
from django.utils import timezone

from autolend.audit.services import audit_record
from autolend.kernel.money import FEN, money
from autolend.rows import rows_update
from autolend.servicing.errors import ServicingError
from autolend.servicing.models import Installment, Loan, LoanTransaction
from autolend.servicing.terms import LoanSetup

T = TypeVar("T")
_RETRYABLE = {"40001", "40P01"}  # serialization failure, deadlock detected (PostgreSQL)


# -- input ---------------------------------------------------------------------------------------

def amount_of(value: Any, field: str = "amount", *, allow_zero: bool = False) -> Decimal:
    """A positive amount in yuan with at most 2 decimals (fen), or ServicingError on ``field``."""
    try:
        amount = money(value)
    except (TypeError, ValueError):
        raise ServicingError(field, f"{value!r} is not an amount in yuan") from None
    if amount < 0 or (amount == 0 and not allow_zero):
        raise ServicingError(field, "must be greater than zero")
    if amount != amount.quantize(FEN):
        raise ServicingError(field, "has more than 2 decimal places (amounts are in fen)")
    return amount.quantize(FEN)


def date_of(value: Any, field: str = "business_date") -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ServicingError(field, "must be a date (the business date, not the wall clock)")
    return value


def key_of(value: Any) -> str:
    key = str(value or "").strip()
    if not key or len(key) > 160:
        raise ServicingError("idempotency_key", "is required (1 to 160 characters)")
    return key


def setup_of(loan: Loan) -> LoanSetup:
    """The loan's frozen terms (parsed once per distinct ``Loan.terms``: a loan's terms change only
    with a new schedule version, and many loans share one product's terms)."""
    return _setup(json.dumps(loan.terms, sort_keys=True, default=str))


@lru_cache(maxsize=4096)
def _setup(terms: str) -> LoanSetup:
    return LoanSetup.from_json(json.loads(terms))


def check_posting_date(loan: Loan, business_date: date) -> None:
    """No backdating: money moves on or after disbursement, the loan's last end of day and its
    last transaction (nothing is re-allocated after the fact, so earlier dates are refused)."""
    if loan.disbursed_on and business_date < loan.disbursed_on:
        raise ServicingError("business_date", f"is before the disbursement on {loan.disbursed_on}")
    if loan.accrued_through and business_date < loan.accrued_through:
        raise ServicingError("business_date", f"is before the last end of day ({loan.accrued_through})")
    last = getattr(loan, "last_transaction_on", None)  # annotated by lock_loan
    if last is None:
        last = loan.transactions.aggregate(last=Max("business_date"))["last"]
    if last and business_date < last:
        raise ServicingError("business_date", f"is before the loan's last transaction on {last}")


# -- locks ---------------------------------------------------------------------------------------

def loan_pk(loan: Loan | str) -> int:
    if isinstance(loan, Loan):
        return int(loan.pk)
    pk = Loan.objects.filter(number=str(loan).strip()).values_list("pk", flat=True).first()
    if pk is None:
        raise ServicingError("loan", f"no loan {loan}")
    return int(pk)


def lock_loan(loan: int | str) -> Loan:
    """Lock the loan (by pk, or by number: one query either way) and read it with the business
    date of its last transaction (``last_transaction_on``, for ``check_posting_date``)."""
    # Row lock on the loan: every write to one loan queues here, so two payments (or a payment and
    # a write-off) can never both read the same balances and each save their own result.
    rows = loans_for_update()
    found = rows.filter(pk=loan) if isinstance(loan, int) else rows.filter(number=str(loan).strip())
    locked = found.order_by("pk").first()
    if locked is None:
        raise ServicingError("loan", f"no loan {loan}" if isinstance(loan, str) else f"no loan with id {loan}")
    return locked


def loans_for_update() -> Any:
    """Loans to lock (``FOR UPDATE`` of the loan row only), each with ``last_transaction_on``."""
    last = (LoanTransaction.objects.filter(loan=OuterRef("pk")).order_by("-business_date")
            .values("business_date")[:1])
    return Loan.objects.select_for_update(of=("self",)).annotate(last_transaction_on=Subquery(last))


def lock_dues(loan: Loan, *, open_due_by: date | None = None) -> list[Installment]:
    """The current dues, locked in pk order; with ``open_due_by``, only the unsettled ones due by
    that date (what a repayment can pay: ``settled_after`` tells whether the rest is settled)."""
    # Locked after their loan: EOD updates dues in bulk, and must not interleave its
    # accrual/penalty writes with a payment's allocation on the same rows.
    rows = Installment.objects.select_for_update().filter(loan=loan, is_current=True)
    if open_due_by is not None:
        rows = rows.filter(settled_on__isnull=True, due_date__lte=open_due_by)
    return list(rows.order_by("pk"))


OWED = (F("principal") - F("principal_paid") + F("interest") - F("interest_paid") - F("interest_waived")
        + F("fee") - F("fee_paid") - F("fee_waived") + F("penalty") - F("penalty_paid"))


def settled_after(loan_ids: list[int], day: date) -> set[int]:
    """Of ``loan_ids``, the loans that owe nothing on any current due after ``day`` (a due of
    0.00 is never marked settled, and owes nothing)."""
    open_later = set(Installment.objects.filter(loan_id__in=loan_ids, is_current=True, settled_on__isnull=True,
                                                due_date__gt=day).annotate(owed=OWED).filter(owed__gt=0)
                     .values_list("loan_id", flat=True).distinct())
    return set(loan_ids) - open_later


def dues_save(rows: list[Installment], changed: Any) -> None:
    """Save the dues whose pks are in ``changed``."""
    rows_update([row for row in rows if row.pk in changed], DUE_FIELDS)


# -- idempotency and retries ---------------------------------------------------------------------

def replay(key: str, request_hash: str) -> LoanTransaction | None:
    """The transaction first posted with ``key``; a different request with that key is refused."""
    first = LoanTransaction.objects.filter(idempotency_key=key).first()
    if first is not None and first.request_hash != request_hash:
        raise ServicingError("idempotency_key", f"{key!r} was already used with a different request")
    return first


def idempotent(key: str, request_hash: str, body: Callable[[], LoanTransaction]) -> LoanTransaction:
    """Run ``body`` in one transaction; a key used before, or a lost race on it, replays.

    ``body`` must call ``replay`` after locking the loan (the waiting writer then sees the
    winner's committed transaction). Two writers on different loans with one key meet at the
    unique constraint: the loser's whole transaction rolls back and it answers with a replay.
    """

    def attempt() -> LoanTransaction:
        try:
            with transaction.atomic():
                return body()
        except IntegrityError:
            first = replay(key, request_hash)
            if first is None:
                raise
            return first

    return retrying(attempt)


def retrying(fn: Callable[[], T], attempts: int = 5) -> T:
    """Call ``fn``; on PostgreSQL serialization failures or deadlocks run it again (outermost only)."""
    if connection.in_atomic_block:  # inside a caller's transaction a retry cannot start over
        return fn()
    for attempt in range(1, attempts + 1):
        try:
            return fn()
        except DatabaseError as exc:
            if getattr(exc.__cause__, "sqlstate", None) not in _RETRYABLE or attempt == attempts:
                raise
            time.sleep(random.uniform(0.005, 0.05) * attempt)
    raise AssertionError("unreachable")


# -- audit ---------------------------------------------------------------------------------------

def snapshot(loan: Loan) -> dict[str, Any]:
    """The loan's key figures for the audit trail's before/after."""
    return {
        "status": loan.status,
        "schedule_version": loan.schedule_version,
        "principal_outstanding": loan.principal_outstanding,
        "interest_receivable": loan.interest_receivable,
        "fee_receivable": loan.fee_receivable,
        "penalty_receivable": loan.penalty_receivable,
        "credit_balance": loan.credit_balance,
        "provision": loan.provision,
    }


def record(action: str, loan: Loan, *, actor: Any, before: dict[str, Any] | None, business_date: date,
           **extra: Any) -> None:
    """Audit ``action`` on the loan (call last: it locks the chain head)."""
    after = {**snapshot(loan), **extra}
    audit_record(f"loan.{action}", "loan", loan.number, actor=actor, before=before, after=after,
                 business_date=business_date)


def now() -> datetime:
    """Wall-clock time for ``created_at`` metadata only; business rules use the business date."""
    return timezone.now()


# -- the loan's transaction record ----------------------------------------------------------------

DUE_FIELDS = ["principal_paid", "interest_paid", "fee_paid", "penalty_paid", "interest_accrued",
              "fee_recognized", "interest_waived", "fee_waived", "settled_on"]
LOAN_MONEY_FIELDS = ["status", "principal_outstanding", "interest_receivable", "fee_receivable",
                     "penalty_receivable", "credit_balance", "provision", "closed_on"]


def transaction_record(loan: Loan, kind: str, business_date: date, amount: Decimal, *, actor: Any = None,
                       journal_entry: Any = None, key: str | None = None, request_hash: str = "",
                       **fields: Any) -> LoanTransaction:
    """Create the loan's ``LoanTransaction`` (its unique ``idempotency_key`` guards double posting).
    Amounts are stored, and returned, in fen (so a replay reads back exactly what the first call got)."""
    for name in ("principal", "interest", "fee", "penalty", "overpayment"):
        if name in fields:
            fields[name] = Decimal(fields[name]).quantize(FEN)
    return LoanTransaction.objects.create(
        loan=loan, kind=kind, business_date=business_date, amount=amount.quantize(FEN), journal_entry=journal_entry,
        idempotency_key=key, request_hash=request_hash, created_at=now(),
        created_by=actor if getattr(actor, "pk", None) else None, **fields,
    )
