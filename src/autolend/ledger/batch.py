"""Posting many journal entries at once (a bank file, a batch of repayments): the same checks as
``journal_post``, written as plain rows (no model instances): on PostgreSQL the entries' keys are
reserved in one ``nextval`` query and entries and lines go by two ``COPY``s. Call it inside the
business transaction; the PostgreSQL balance trigger checks every entry again at commit."""

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
from autolend.rows import rows_add


@dataclass(frozen=True)
class EntrySpec:
    """One entry to post with ``journal_post_many`` (no idempotency key: the business record that
    owns the entry carries it, e.g. the loan transaction)."""

    entry_date: date
    kind: str
    legs: Sequence[Leg]
    description: str = ""
    reference: str = ""


ENTRY_FIELDS = ("entry_date", "kind", "description", "reference", "idempotency_key", "request_hash", "created_at",
                "created_by")
LINE_FIELDS = ("entry", "account", "entry_date", "debit", "credit", "currency", "subledger")


def journal_post_many(specs: Sequence[EntrySpec], *, actor: Any = None) -> list[int]:
    """Post every entry of ``specs`` (all or none; LedgerError naming the first bad one) and return
    their primary keys, in order."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("journal_post_many must run inside the business transaction")
    netted = [net_legs(spec.legs) for spec in specs]
    for n, legs in enumerate(netted):
        errors = entry_errors(legs)
        if errors:
            raise LedgerError(f"entry {n}: {errors[0]}")
    ids = account_ids({leg.account for legs in netted for leg in legs})
    created_at, created_by = timezone.now(), getattr(actor, "pk", None) or None
    keys = rows_add(JournalEntry, ENTRY_FIELDS, [
        (spec.entry_date, spec.kind, spec.description[:200], spec.reference, None, "", created_at, created_by)
        for spec in specs
    ])
    rows_add(JournalLine, LINE_FIELDS, [
        (key, ids[leg.account], spec.entry_date, leg.debit, leg.credit, leg.currency, leg.subledger)
        for key, spec, legs in zip(keys, specs, netted)
        for leg in legs
    ], keys=False)
    return keys
