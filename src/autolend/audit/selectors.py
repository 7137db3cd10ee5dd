"""Reading the audit trail and verifying its chain."""

from __future__ import annotations

from dataclasses import dataclass

from autolend.audit.chain import GENESIS, event_hash
from autolend.audit.models import AuditEvent


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    events_checked: int
    first_broken_seq: int | None
    problem: str


def audit_verify(batch: int = 5000) -> ChainReport:
    """Recompute every link in order; report the first event whose hash or link does not match."""
    from autolend.audit.services import hashed_fields

    prev, checked = GENESIS, 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch):
        if event.prev_hash != prev:
            return ChainReport(False, checked, event.seq, "prev_hash does not match the previous event")
        if event_hash(prev, hashed_fields(event)) != event.hash:
            return ChainReport(False, checked, event.seq, "content does not match its hash (altered)")
        prev, checked = event.hash, checked + 1
    return ChainReport(True, checked, None, "")


def events_for(object_type: str, object_id: object) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_type=object_type, object_id=str(object_id)).order_by("seq"))
