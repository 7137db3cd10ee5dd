"""What the collateral services share: input checks, row locks, audit, retries.

Lock order (every collateral service, so none can wait on another in a cycle): the collateral
row being changed (registration, pledge, order, listing; by pk) → the loan (read-locked only to
check its status, or locked by the servicing service called) → the loan's dues and journal rows
(servicing) → the audit chain head (``audit_record``, always last). Servicing never locks a
collateral row, so calling it while holding one cannot deadlock with it.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django.db import DatabaseError, connection, models
from django.utils import timezone

from autolend.audit.services import audit_record
from autolend.collateral.errors import CollateralError
from autolend.kernel.money import FEN

T = TypeVar("T")
M = TypeVar("M", bound=models.Model)
_RETRYABLE = {"40001", "40P01"}  # serialization failure, deadlock detected (PostgreSQL)


def date_of(value: Any, field: str = "as_of") -> date:
    """A business date (a ``date``, not a ``datetime``: no wall clock in business rules)."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise CollateralError(field, "must be a date (the business date)")
    return value


def amount_of(value: Any, field: str = "amount", *, allow_zero: bool = False) -> Decimal:
    """An amount in yuan with at most 2 decimals, positive (or zero when allowed)."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise CollateralError(field, f"{value!r} is not an amount in yuan") from None
    if not amount.is_finite() or amount < 0 or (amount == 0 and not allow_zero):
        raise CollateralError(field, "must be greater than zero")
    if amount != amount.quantize(FEN):
        raise CollateralError(field, "has more than 2 decimal places (amounts are in fen)")
    return amount.quantize(FEN)


def text_of(value: Any, field: str, max_length: int, *, required: bool = True) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise CollateralError(field, "is required")
    if len(text) > max_length:
        raise CollateralError(field, f"is longer than {max_length} characters")
    return text


def pk_of(obj: Any) -> int:
    return int(obj.pk if isinstance(obj, models.Model) else obj)


def lock(model: type[M], obj: Any, what: str) -> M:
    """The row of ``model`` with ``obj``'s pk, locked (``select_for_update``) for this transaction."""
    row = model._default_manager.select_for_update(of=("self",)).filter(pk=pk_of(obj)).order_by("pk").first()
    if row is None:
        raise CollateralError(what, f"no {what} with id {pk_of(obj)}")
    return row


def lock_loan(loan_id: int) -> Any:
    """The loan row, locked: its status cannot change (payoff, reversal, write-off) until commit."""
    from autolend.servicing.models import Loan

    loan = Loan.objects.select_for_update(of=("self",)).filter(pk=loan_id).order_by("pk").first()
    if loan is None:
        raise CollateralError("loan", f"no loan with id {loan_id}")
    return loan


def audit(action: str, obj: models.Model, *, actor: Any, before: dict[str, Any] | None,
          after: dict[str, Any] | None, on: date | None) -> None:
    """Record ``collateral.<action>`` on ``obj`` (call last: it locks the audit chain head)."""
    audit_record(f"collateral.{action}", obj._meta.model_name or "object", obj.pk, actor=actor,
                 before=before, after=after, business_date=on)


def fields(obj: models.Model, *names: str) -> dict[str, Any]:
    """``obj``'s fields as plain values for the audit trail."""
    out: dict[str, Any] = {}
    for name in names:
        value = getattr(obj, name)
        out[name] = value.isoformat() if isinstance(value, date) else str(value) if isinstance(value, Decimal) else value
    return out


def now() -> datetime:
    """Wall-clock time for ``created_at`` metadata only; rules use the business date."""
    return timezone.now()


def actor_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def retrying(fn: Callable[[], T], attempts: int = 5) -> T:
    """Call ``fn``; on PostgreSQL serialization failures or deadlocks run it again (outermost only)."""
    if connection.in_atomic_block:
        return fn()
    for attempt in range(1, attempts + 1):
        try:
            return fn()
        except DatabaseError as exc:
            if getattr(exc.__cause__, "sqlstate", None) not in _RETRYABLE or attempt == attempts:
                raise
            time.sleep(random.uniform(0.005, 0.05) * attempt)
    raise AssertionError("unreachable")
