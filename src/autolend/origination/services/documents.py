"""Documents and stipulations (补充材料): upload, request, clear, waive.

A stipulation moves requested → received (a document of its type arrives) → cleared, or
requested | received → waived (with a reason). Every change is audited; who and when are kept.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.db import transaction

from autolend.audit.services import audit_record
from autolend.integrations.storage import DocumentStorage, document_storage
from autolend.origination.documents_check import MAX_BYTES, document_check
from autolend.origination.errors import FieldIssue, OriginationError, issue
from autolend.origination.models import (
    Application,
    Document,
    DocumentType,
    Stipulation,
    StipulationStatus,
)
from autolend.origination.services._common import actor_or_none, locked, now
from autolend.origination.states import OPEN, refuse

T = StipulationStatus


def document_upload(application: Application | int, *, doc_type: str, filename: str, content: bytes,
                    declared_type: str = "", actor: Any = None, storage: DocumentStorage | None = None) -> Document:
    """Check and store a file for an open application; a requested stipulation of this type
    becomes received. Raises OriginationError (field "file" or "doc_type") when refused."""
    if doc_type not in DocumentType.values:
        raise OriginationError.of("doc_type", "doc_type_invalid")
    limit = document_size_limit()
    detected, problem = document_check(filename, content, declared_type, limit)
    if problem is not None:
        raise document_refusal(problem, limit)
    key = (storage or document_storage()).put(content)  # content-addressed: a retry stores nothing new
    with transaction.atomic():
        app = locked(application)
        if app.status not in OPEN:
            raise refuse(app, app.status)
        stipulation = app.stipulations.select_for_update().filter(doc_type=doc_type).first()
        document = Document.objects.create(
            application=app, doc_type=doc_type, filename=(filename or "")[-200:], content_type=str(detected),
            size=len(content), sha256=hashlib.sha256(content).hexdigest(), storage_key=key, stipulation=stipulation,
            uploaded_by=actor_or_none(actor), uploaded_at=now(),
        )
        if stipulation is not None and stipulation.status == T.REQUESTED:
            stipulation.status, stipulation.received_at = T.RECEIVED, document.uploaded_at
            stipulation.save(update_fields=["status", "received_at"])
        audit_record("document_upload", "application", app.pk, actor=actor,
                     after={"document_id": document.pk, "doc_type": doc_type, "sha256": document.sha256,
                            "size": document.size, "stipulation": stipulation.status if stipulation else None})
    return document


def document_size_limit() -> int:
    """The largest file accepted, in bytes (setting ``AUTOLEND_DOCUMENT_MAX_BYTES``, default 10 MiB)."""
    return int(getattr(settings, "AUTOLEND_DOCUMENT_MAX_BYTES", MAX_BYTES))


def document_refusal(problem: str, limit: int) -> OriginationError:
    """The error for a refused file (field "file"); the size limit is named when it is the cause."""
    english, chinese = issue("file", problem).message_en, issue("file", problem).message_zh
    if problem == "document_too_large":
        megabytes = limit / 1024 / 1024
        english, chinese = f"{english} (at most {megabytes:g} MB)", f"{chinese}（最大{megabytes:g}MB）"
    return OriginationError.from_issues([FieldIssue("file", problem, english, chinese)])


def stipulation_request(application: Application | int, doc_type: str, *, note: str = "", actor: Any = None) -> Stipulation:
    """Ask for a document (one stipulation per type and application)."""
    if doc_type not in DocumentType.values:
        raise OriginationError.of("doc_type", "doc_type_invalid")
    with transaction.atomic():
        app = locked(application)
        if app.status not in OPEN:
            raise refuse(app, app.status)
        stipulation, created = Stipulation.objects.get_or_create(
            application=app, doc_type=doc_type,
            defaults={"requested_by": actor_or_none(actor), "requested_at": now(), "note": note[:200]})
        if created:
            audit_record("stipulation_request", "application", app.pk, actor=actor,
                         after={"stipulation_id": stipulation.pk, "doc_type": doc_type, "note": note[:200]})
    return stipulation


def stipulation_clear(stipulation: Stipulation | int, *, actor: Any, note: str = "") -> Stipulation:
    """A received document checked and found good: received → cleared."""
    return _resolve(stipulation, T.CLEARED, frozenset({T.RECEIVED}), actor, note)


def stipulation_waive(stipulation: Stipulation | int, *, actor: Any, reason: str) -> Stipulation:
    """Not needed after all (requested | received → waived); the reason is required."""
    if len(" ".join((reason or "").split())) < 5:
        raise OriginationError.of("reason", "reason_required")
    return _resolve(stipulation, T.WAIVED, frozenset({T.REQUESTED, T.RECEIVED}), actor, reason)


def _resolve(stipulation: Stipulation | int, to: str, allowed: frozenset[str], actor: Any, note: str) -> Stipulation:
    pk = stipulation.pk if isinstance(stipulation, Stipulation) else int(stipulation)
    application_id = Stipulation.objects.values_list("application_id", flat=True).get(pk=pk)
    with transaction.atomic():
        app = locked(application_id)  # lock order: application, then its stipulation
        row = Stipulation.objects.select_for_update().get(pk=pk)
        if row.status not in allowed or app.status not in OPEN:
            raise OriginationError.of("status", "stipulation_state")
        before = row.status
        row.status, row.resolved_by, row.resolved_at = to, actor_or_none(actor), now()
        row.resolution_reason = " ".join((note or "").split())[:200]
        row.save(update_fields=["status", "resolved_by", "resolved_at", "resolution_reason"])
        audit_record(f"stipulation_{to}", "application", app.pk, actor=actor, before={"status": before},
                     after={"stipulation_id": row.pk, "doc_type": row.doc_type, "status": to,
                            "reason": row.resolution_reason})
    return row
