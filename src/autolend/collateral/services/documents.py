"""Storing collateral documents (inspection photos…) by content: ``<root>/<sha[:2]>/<sha>``.

The bytes are written before the database row (to a temporary name, then renamed, so a reader
never sees half a file); the same content is stored once however often it is uploaded. A file
left behind by a rolled-back transaction is harmless: it is only reachable through a row.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autolend.collateral.conf import document_root
from autolend.collateral.errors import CollateralError
from autolend.collateral.models import CollateralDocument, Pledge, Vehicle
from autolend.collateral.services._common import actor_or_none, now

MAX_BYTES = 20 * 1024 * 1024
ALLOWED_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/heic", "application/pdf"})


@dataclass(frozen=True)
class Upload:
    """A file as received: its name, content type and bytes."""

    name: str
    content_type: str
    data: bytes


def store_bytes(data: bytes) -> tuple[str, str]:
    """Write ``data`` under the files root; returns (sha256 hex, path relative to the root)."""
    digest = hashlib.sha256(data).hexdigest()
    relative = f"{digest[:2]}/{digest}"
    target = document_root() / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return digest, relative


def document_attach(vehicle: Vehicle, upload: Upload, *, pledge: Pledge | None = None, kind: str = "photo",
                    actor: Any = None) -> CollateralDocument:
    """Store ``upload`` and record it against the car (and the pledge). Call inside the caller's
    transaction; the caller audits."""
    if not upload.data:
        raise CollateralError("photos", f"{upload.name or 'a file'} is empty")
    if len(upload.data) > MAX_BYTES:
        raise CollateralError("photos", f"{upload.name} is larger than {MAX_BYTES // (1024 * 1024)} MB")
    if upload.content_type not in ALLOWED_TYPES:
        raise CollateralError("photos", f"{upload.name}: {upload.content_type or 'unknown type'} is not accepted")
    digest, relative = store_bytes(upload.data)
    return CollateralDocument.objects.create(
        vehicle=vehicle, pledge=pledge, kind=kind, name=(upload.name or digest)[:200], content_type=upload.content_type,
        size=len(upload.data), sha256=digest, path=relative, uploaded_at=now(), uploaded_by=actor_or_none(actor))


def document_bytes(document: CollateralDocument) -> bytes:
    """The stored bytes, checked against the recorded SHA-256 (a changed file is refused)."""
    data = (document_root() / document.path).read_bytes()
    if hashlib.sha256(data).hexdigest() != document.sha256:
        raise CollateralError("document", f"document {document.pk} was altered on disk")
    return data


def document_path(document: CollateralDocument) -> Path:
    return document_root() / document.path
