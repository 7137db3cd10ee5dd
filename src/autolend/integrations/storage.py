"""The document-storage port (文件存储): application documents and signed contracts.

``DocumentStorage`` is the port: bytes in, a key out; the key gets the same bytes back. Keys are
content addresses (``sha256/ab/abcdef…``), so storing the same file twice keeps one copy and a
stored file can be checked against its hash at any time. ``LocalFileStorage`` keeps files under
a directory (default ``$AUTOLEND_HOME/var/documents``); production swaps in object storage through
the setting ``AUTOLEND_DOCUMENT_STORAGE`` ("local", the default, or a dotted path to a class;
``AUTOLEND_DOCUMENTS_DIR`` moves the local directory).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class StorageError(Exception):
    """A file that cannot be stored or read back intact."""


class DocumentStorage(Protocol):
    name: str

    def put(self, content: bytes) -> str:
        """Store ``content`` and return its key (idempotent: same bytes, same key)."""
        ...

    def get(self, key: str) -> bytes:
        """The bytes stored under ``key``; StorageError if absent or changed."""
        ...

    def exists(self, key: str) -> bool:
        ...


def content_key(content: bytes) -> str:
    """The content address of ``content``: ``sha256/<2 hex>/<64 hex>``."""
    digest = hashlib.sha256(content).hexdigest()
    return f"sha256/{digest[:2]}/{digest}"


class LocalFileStorage:
    """Files under ``root``, written atomically (temporary file, fsync, rename)."""

    name = "local"

    def __init__(self, root: str | Path | None = None) -> None:
        default = Path(settings.AUTOLEND_HOME) / "var" / "documents"
        self.root = Path(root or getattr(settings, "AUTOLEND_DOCUMENTS_DIR", "") or default)

    def _path(self, key: str) -> Path:
        parts = key.split("/")
        if len(parts) != 3 or parts[0] != "sha256" or len(parts[2]) != 64 or parts[1] != parts[2][:2] \
                or not all(ch in "0123456789abcdef" for ch in parts[2]):
            raise StorageError(f"not a storage key: {key!r}")
        return self.root / parts[0] / parts[1] / parts[2]

    def put(self, content: bytes) -> str:
        key = content_key(content)
        path = self._path(key)
        if path.is_file():
            return key
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(content)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)  # atomic: a reader sees the whole file or none
        except OSError as exc:
            Path(temporary).unlink(missing_ok=True)
            raise StorageError(f"cannot store {key}: {exc}") from exc
        return key

    def get(self, key: str) -> bytes:
        path = self._path(key)
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise StorageError(f"cannot read {key}: {exc.strerror}") from exc
        if content_key(content) != key:
            raise StorageError(f"{key} does not match its content: refusing it")
        return content

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()


def document_storage() -> DocumentStorage:
    """The configured storage (setting ``AUTOLEND_DOCUMENT_STORAGE``, default local files)."""
    name = getattr(settings, "AUTOLEND_DOCUMENT_STORAGE", "") or "local"
    if name == "local":
        return LocalFileStorage()
    storage: DocumentStorage = import_string(name)()
    return storage
