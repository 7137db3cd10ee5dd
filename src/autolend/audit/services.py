"""Recording audit events. Call ``audit_record`` inside the business transaction, after locking
the business rows: it locks its stream's chain head last, so lock order stays business rows →
audit head. A writer (one thread of one process) always appends to the same stream, so one
transaction holds at most one head lock and writers on other streams go on in parallel."""

from __future__ import annotations

import os
import threading
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from autolend.audit.chain import GENESIS, event_hash, plain_json
from autolend.audit.models import STREAMS, AuditEvent, AuditHead
from autolend.rows import rows_add


@dataclass(frozen=True)
class AuditItem:
    """One event to record with ``audit_record_many``."""

    action: str
    object_type: str
    object_id: object
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    business_date: date | None = None


def stream_for_writer() -> int:
    """This writer's stream (1..STREAMS): fixed per process and thread, so every event of one
    transaction goes to one stream."""
    return zlib.crc32(f"{os.getpid()}:{threading.get_ident()}".encode()) % STREAMS + 1


def audit_record(
    action: str,
    object_type: str,
    object_id: object,
    *,
    actor: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    business_date: date | None = None,
) -> AuditEvent:
    """Append one event (who, what, when, before/after) to this writer's stream and return it."""
    item = AuditItem(action, object_type, object_id, before, after, business_date)
    return audit_record_many([item], actor=actor)[0]


def audit_record_many(items: Sequence[AuditItem], *, actor: Any = None) -> list[AuditEvent]:
    """Append ``items`` in order to this writer's stream: one head lock, one insert, one update."""
    if len(items) > 1:
        rows, keys = _append(items, actor)
        events = [AuditEvent(key, *row) for key, row in zip(keys, rows)]
        for event in events:
            event._state.adding, event._state.db = False, "default"
        return events
    _check_atomic()
    if not items:
        return []
    stream, prev = _lock_head()
    (row,) = event_rows(items, stream, prev, actor)
    event = AuditEvent(None, *row)
    event.save(force_insert=True)
    _head_move(stream, event.hash)
    return [event]


def audit_append(items: Sequence[AuditItem], *, actor: Any = None) -> int:
    """``audit_record_many`` for callers that need no events back (a bank file): the events are
    written as plain rows (COPY on PostgreSQL), none is built as a model instance."""
    return len(_append(items, actor)[0])


def _append(items: Sequence[AuditItem], actor: Any) -> tuple[list[tuple[Any, ...]], list[int]]:
    _check_atomic()
    if not items:
        return [], []
    stream, prev = _lock_head()
    rows = event_rows(items, stream, prev, actor)
    keys = rows_add(AuditEvent, EVENT_FIELDS, rows)
    _head_move(stream, rows[-1][-1])
    return rows, keys


def _check_atomic() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the business transaction")


# The head is read and moved on every audited write: plain SQL, no ORM query to compile.
_HEAD = AuditHead._meta.db_table


def _lock_head() -> tuple[int, str]:
    """Lock this writer's chain head; returns (stream, its last hash)."""
    stream = stream_for_writer()
    connection = transaction.get_connection()
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT last_hash FROM {connection.ops.quote_name(_HEAD)} WHERE id = %s{lock}", [stream])
        found = cursor.fetchone()
    if found is None:  # a database migrated before the streams existed in full
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=stream, defaults={"last_hash": GENESIS})
        return stream, head.last_hash
    return stream, found[0]


def _head_move(stream: int, last_hash: str) -> None:
    connection = transaction.get_connection()
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {connection.ops.quote_name(_HEAD)} SET last_hash = %s WHERE id = %s",
                       [last_hash, stream])


# AuditEvent's columns after ``seq``, in model order (rows are also AuditEvent(seq, *row)).
EVENT_FIELDS = ("stream", "occurred_at", "business_date", "actor", "actor_name", "action", "object_type", "object_id",
                "before", "after", "prev_hash", "hash")


def event_rows(items: Sequence[AuditItem], stream: int, prev: str, actor: Any) -> list[tuple[Any, ...]]:
    """The rows (``EVENT_FIELDS``) of ``items`` chained after ``prev``; the last row's hash is the
    stream's new head. Pure: the caller holds the head lock."""
    when = timezone.now()  # when it was recorded (metadata), not a business date
    stamp = when.isoformat()
    actor_id = getattr(actor, "pk", None) or None
    actor_name = getattr(actor, "username", "") or ("system" if actor is None else str(actor))
    rows = []
    for item in items:
        before, after, object_id = plain_json(item.before), plain_json(item.after), str(item.object_id)
        day = item.business_date
        digest = event_hash(prev, {
            "occurred_at": stamp, "business_date": day.isoformat() if day else None, "actor_id": actor_id,
            "actor_name": actor_name, "action": item.action, "object_type": item.object_type,
            "object_id": object_id, "before": before, "after": after,
        })
        rows.append((stream, when, day, actor_id, actor_name, item.action, item.object_type, object_id, before,
                     after, prev, digest))
        prev = digest
    return rows


def hashed_fields(event: AuditEvent) -> dict[str, Any]:
    """What ``event_rows`` hashed, read back from a stored event (``audit_verify``)."""
    return {
        "occurred_at": event.occurred_at.isoformat(),
        "business_date": event.business_date.isoformat() if event.business_date else None,
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "before": event.before,
        "after": event.after,
    }
