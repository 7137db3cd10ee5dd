"""A hash-chained, append-only trail of business events and staff actions.

The trail is a set of ``STREAMS`` parallel chains (streams), not one: each event links to the
previous event *of its stream*. A writer appends to one stream for the whole of its transaction
(``streams.stream_for_writer``), so writers on different streams never wait for each other, and a
transaction holds at most one chain-head lock (no deadlock between heads). Altering, removing or
inserting any event still breaks its stream's links, and removing a stream's last events is
caught by comparing the stream's head with its last event.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

STREAMS = 16  # chain heads 1..16, created by migration 0002


class AuditEvent(models.Model):
    """One event. ``hash`` = sha256(previous hash in the stream + canonical JSON of this event's fields)."""

    seq = models.BigAutoField(primary_key=True)
    stream = models.PositiveSmallIntegerField(default=1)
    occurred_at = models.DateTimeField()
    business_date = models.DateField(null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=80)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["stream", "seq"], name="audit_event_stream_seq"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class AuditHead(models.Model):
    """The last hash of one stream (``id`` = stream number); locked by the stream's writer."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"audit stream {self.id} head {self.last_hash[:12]}"
