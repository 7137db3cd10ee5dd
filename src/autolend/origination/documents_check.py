"""What a document file really is (pure): its kind from its first bytes, checked against its name.

A file is accepted only when its **content** is PDF, JPEG or PNG (magic bytes), the extension of
its name says the same kind, a declared content type (if any, other than the generic
``application/octet-stream``) says the same kind, and it is not empty or over the size limit.
Returns the detected content type or the code of the first problem.
"""

from __future__ import annotations

from pathlib import PurePath

MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
EXTENSIONS = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}
GENERIC = frozenset({"", "application/octet-stream", "binary/octet-stream"})
MAX_BYTES = 10 * 1024 * 1024  # 10 MiB: a phone photo or a scanned statement


def sniff(content: bytes) -> str | None:
    """The content type the first bytes announce, or None when it is none we accept."""
    for magic, kind in MAGIC:
        if content.startswith(magic):
            return kind
    return None


def document_check(filename: str, content: bytes, declared_type: str = "",
                   max_bytes: int = MAX_BYTES) -> tuple[str | None, str | None]:
    """(content type, None) when acceptable, else (None, error code)."""
    if not content:
        return None, "document_empty"
    if len(content) > max_bytes:
        return None, "document_too_large"
    detected = sniff(content)
    if detected is None:
        return None, "document_kind_not_allowed"
    by_name = EXTENSIONS.get(PurePath(filename or "").suffix.lower())
    if by_name is None:
        return None, "document_kind_not_allowed"
    declared = (declared_type or "").split(";")[0].strip().lower()
    if by_name != detected or (declared not in GENERIC and declared != detected):
        return None, "document_content_mismatch"
    return detected, None
