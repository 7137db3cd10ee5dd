"""Reading the audit trail and verifying its chains (one per stream, see models.py)."""

from __future__ import annotations

from dataclasses import dataclass

from autolend.audit.chain import GENESIS, event_hash
from autolend.audit.models import AuditEvent, AuditHead


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    events_checked: int
    first_broken_seq: int | None
    problem: str


def audit_verify(batch: int = 5000) -> ChainReport:
    """Recompute every link in ``seq`` order, each against the previous event of its stream;
    report the first event whose hash or link does not match. Then each stream's head must be
    its last event's hash (else events were removed from the end of the stream)."""
    from autolend.audit.services import hashed_fields

    last: dict[int, str] = {}
    last_seq: dict[int, int] = {}
    checked = 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch):
        prev = last.get(event.stream, GENESIS)
        if event.prev_hash != prev:
            return ChainReport(False, checked, event.seq,
                               f"prev_hash does not match the previous event of stream {event.stream}")
        if event_hash(prev, hashed_fields(event)) != event.hash:
            return ChainReport(False, checked, event.seq, "content does not match its hash (altered)")
        last[event.stream], last_seq[event.stream] = event.hash, event.seq
        checked += 1
    for stream, head in AuditHead.objects.order_by("id").values_list("id", "last_hash"):
        if head != last.get(stream, GENESIS):
            seq = last_seq.get(stream)
            return ChainReport(False, checked, seq,
                               f"stream {stream} ends before its head: events after #{seq or 0} were removed")
    return ChainReport(True, checked, None, "")


def events_for(object_type: str, object_id: object) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_type=object_type, object_id=str(object_id)).order_by("seq"))
