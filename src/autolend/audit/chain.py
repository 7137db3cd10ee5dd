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


_SCALARS = (str, int, float, bool, type(None))


def plain_json(value: Any) -> Any:
    """``value`` as stored by a JSON column: Decimals and dates become strings."""
    if value is None:
        return None
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):  # the usual flat snapshot: no round trip
        flat = {k: v if isinstance(v, _SCALARS) else _plain(v) for k, v in value.items()
                if not isinstance(v, (dict, list, tuple))}
        if len(flat) == len(value):
            return flat
    return json.loads(json.dumps(value, default=_plain))


def _plain(value: object) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)
