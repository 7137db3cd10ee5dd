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
from autolend.rows import rows_insert


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
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the business transaction")
    if not items:
        return []
    stream = stream_for_writer()
    head = AuditHead.objects.select_for_update().filter(id=stream).first()
    if head is None:  # a database migrated before the streams existed in full
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=stream, defaults={"last_hash": GENESIS})
    when = timezone.now()  # when it was recorded (metadata), not a business date
    actor_obj = actor if getattr(actor, "pk", None) else None
    actor_name = getattr(actor, "username", "") or ("system" if actor is None else str(actor))
    events, prev = [], head.last_hash
    for item in items:
        event = AuditEvent(
            stream=stream, occurred_at=when, business_date=item.business_date, actor=actor_obj,
            actor_name=actor_name, action=item.action, object_type=item.object_type,
            object_id=str(item.object_id), before=plain_json(item.before), after=plain_json(item.after),
            prev_hash=prev,
        )
        event.hash = prev = event_hash(prev, hashed_fields(event))
        events.append(event)
    if len(events) == 1:
        events[0].save(force_insert=True)
    else:
        rows_insert(events)
    AuditHead.objects.filter(id=stream).update(last_hash=prev)
    return events


def hashed_fields(event: AuditEvent) -> dict[str, Any]:
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
