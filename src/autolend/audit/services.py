"""Recording audit events. Call ``audit_record`` inside the business transaction, after locking
the business rows: it locks the chain head last, so lock order stays business rows → audit head."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from autolend.audit.chain import GENESIS, event_hash, plain_json
from autolend.audit.models import AuditEvent, AuditHead


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
    """Append one event (who, what, when, before/after) to the chain and return it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the business transaction")
    head, _ = AuditHead.objects.select_for_update().get_or_create(id=1, defaults={"last_hash": GENESIS})
    event = AuditEvent(
        occurred_at=timezone.now(),  # when it was recorded (metadata), not a business date
        business_date=business_date,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=getattr(actor, "username", "") or ("system" if actor is None else str(actor)),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        before=plain_json(before),
        after=plain_json(after),
        prev_hash=head.last_hash,
    )
    event.hash = event_hash(head.last_hash, hashed_fields(event))
    event.save()
    AuditHead.objects.filter(id=1).update(last_hash=event.hash)
    return event


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
