"""Posting to the ledger. Every money movement in autolend ends in ``journal_post``, called inside
the business transaction, so the books and the business change commit or roll back together."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from autolend.ledger.accounts import account_ids
from autolend.ledger.models import JournalEntry, JournalLine
from autolend.ledger.rules import Leg, entry_errors, net_legs


class LedgerError(ValueError):
    """An entry that must not be posted; ``message`` says why."""

    def __init__(self, message: str, field: str = "lines") -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class IdempotencyConflict(LedgerError):
    """The idempotency key was used before with a different request."""

    def __init__(self, key: str) -> None:
        super().__init__(f"idempotency key {key!r} was already used with a different request", "idempotency_key")


def journal_post(
    *,
    entry_date: date,
    kind: str,
    legs: Sequence[Leg],
    description: str = "",
    reference: str = "",
    idempotency_key: str | None = None,
    request_hash: str = "",
    actor: Any = None,
    reverses: JournalEntry | None = None,
) -> JournalEntry:
    """Post one balanced entry and return it.

    With ``idempotency_key``: a replay with the same ``request_hash`` returns the first entry, a
    different hash raises ``IdempotencyConflict``; two concurrent posts with one key write once.
    """
    legs = net_legs(legs)
    errors = entry_errors(legs)
    if errors:
        raise LedgerError(errors[0])
    if idempotency_key:
        existing = _replay(idempotency_key, request_hash)
        if existing is not None:
            return existing
    ids = account_ids([leg.account for leg in legs])
    if not idempotency_key:  # nothing to race on: no savepoint (two round trips fewer)
        with transaction.atomic(savepoint=False):
            return _insert(entry_date, kind, legs, ids, description, reference, None, request_hash, actor, reverses)
    try:
        with transaction.atomic():  # a savepoint: a lost key race leaves the caller's transaction usable
            return _insert(entry_date, kind, legs, ids, description, reference, idempotency_key, request_hash,
                           actor, reverses)
    except IntegrityError:
        replay = _replay(idempotency_key, request_hash)
        if replay is not None:
            return replay
        raise


def _insert(entry_date: date, kind: str, legs: Sequence[Leg], ids: dict[str, int], description: str,
            reference: str, idempotency_key: str | None, request_hash: str, actor: Any,
            reverses: JournalEntry | None) -> JournalEntry:
    entry = JournalEntry.objects.create(
        entry_date=entry_date,
        kind=kind,
        description=description[:200],
        reference=reference,
        idempotency_key=idempotency_key,
        request_hash=request_hash,
        created_at=timezone.now(),
        created_by=actor if getattr(actor, "pk", None) else None,
        reverses=reverses,
    )
    JournalLine.objects.bulk_create([
        JournalLine(entry=entry, account_id=ids[leg.account], entry_date=entry_date, debit=leg.debit,
                    credit=leg.credit, currency=leg.currency, subledger=leg.subledger)
        for leg in legs
    ])
    return entry


def journal_reverse(entry: JournalEntry, *, entry_date: date, reason: str, actor: Any = None) -> JournalEntry:
    """Post the mirror image of ``entry`` (debits ↔ credits). An entry is reversed at most once."""
    if JournalEntry.objects.filter(reverses=entry).exists():
        raise LedgerError(f"entry {entry.pk} is already reversed", "entry")
    if entry.reverses_id is not None:
        raise LedgerError(f"entry {entry.pk} is itself a reversal; post a new entry instead", "entry")
    legs = [
        Leg(line.account.code, debit=line.credit, credit=line.debit, subledger=line.subledger, currency=line.currency)
        for line in entry.lines.select_related("account").order_by("pk")
    ]
    return journal_post(
        entry_date=entry_date,
        kind=f"{entry.kind}_reversal",
        legs=legs,
        description=f"Reversal of JE{entry.pk}: {reason}",
        reference=entry.reference,
        actor=actor,
        reverses=entry,
    )


def _replay(key: str, request_hash: str) -> JournalEntry | None:
    existing = JournalEntry.objects.filter(idempotency_key=key).first()
    if existing is None:
        return None
    if existing.request_hash != request_hash:
        raise IdempotencyConflict(key)
    return existing


def chart_ensure() -> int:
    """Create any missing account or default role mapping of the default chart; returns how many."""
    from autolend.ledger.accounts import clear_cache
    from autolend.ledger.chart import DEFAULT_CHART
    from autolend.ledger.models import Account, AccountMapping

    created = 0
    for code, name, name_zh, kind, role in DEFAULT_CHART:
        account, new = Account.objects.get_or_create(code=code, defaults={"name": name, "name_zh": name_zh, "type": kind})
        _, new_mapping = AccountMapping.objects.get_or_create(product_code="", role=role, defaults={"account": account})
        created += int(new) + int(new_mapping)
    clear_cache()
    return created
