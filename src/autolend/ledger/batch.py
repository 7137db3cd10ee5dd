"""Posting many journal entries at once (a bank file, a batch of repayments): the same checks as
``journal_post``, written with one INSERT for the entries and one for their lines. Call it inside
the business transaction; the PostgreSQL balance trigger checks every entry again at commit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from autolend.ledger.accounts import account_ids
from autolend.ledger.models import JournalEntry, JournalLine
from autolend.ledger.rules import Leg, entry_errors, net_legs
from autolend.ledger.services import LedgerError
from autolend.rows import rows_copy, rows_insert


@dataclass(frozen=True)
class EntrySpec:
    """One entry to post with ``journal_post_many`` (no idempotency key: the business record that
    owns the entry carries it, e.g. the loan transaction)."""

    entry_date: date
    kind: str
    legs: Sequence[Leg]
    description: str = ""
    reference: str = ""


def journal_post_many(specs: Sequence[EntrySpec], *, actor: Any = None) -> list[JournalEntry]:
    """Post every entry of ``specs`` (all or none; LedgerError naming the first bad one) and return
    them in order, with their primary keys."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("journal_post_many must run inside the business transaction")
    netted = [net_legs(spec.legs) for spec in specs]
    for n, legs in enumerate(netted):
        errors = entry_errors(legs)
        if errors:
            raise LedgerError(f"entry {n}: {errors[0]}")
    ids = account_ids({leg.account for legs in netted for leg in legs})
    created_at, created_by = timezone.now(), actor if getattr(actor, "pk", None) else None
    entries = rows_insert([
        JournalEntry(entry_date=spec.entry_date, kind=spec.kind, description=spec.description[:200],
                     reference=spec.reference, idempotency_key=None, request_hash="", created_at=created_at,
                     created_by=created_by)
        for spec in specs
    ])
    rows_copy([
        JournalLine(entry=entry, account_id=ids[leg.account], entry_date=entry.entry_date, debit=leg.debit,
                    credit=leg.credit, currency=leg.currency, subledger=leg.subledger)
        for entry, legs in zip(entries, netted)
        for leg in legs
    ])
    return entries
