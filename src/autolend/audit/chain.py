"""The hash of an audit event: pure, so verification recomputes exactly what recording wrote."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from typing import Any

GENESIS = "0" * 64


def event_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    """sha256 hex of the previous hash and the canonical JSON (sorted keys) of ``fields``."""
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_plain)
    return hashlib.sha256((prev_hash + canonical).encode()).hexdigest()


def plain_json(value: Any) -> Any:
    """``value`` as stored by a JSON column: Decimals and dates become strings."""
    return None if value is None else json.loads(json.dumps(value, default=_plain))


def _plain(value: object) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)
