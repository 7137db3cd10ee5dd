"""A per-process cache of reference rows that every decision reads and that change only by a
maker-checker step: the product version in force, the policy version in force, the regulatory
caps in force (each keyed by its date, so the passing of a date needs no invalidation).

Why: an application's intake and decision read these on every request; read once per process
they cost no query, no ORM compilation and no model building (a tenth of a decision's CPU).

Consistency:
* only reads made **outside a transaction** are cached or answered from the cache, so a cached
  row is always a committed one, and a service that reads inside its own transaction (or a test
  inside its test transaction) always sees the database;
* a write to one of the cached tables in this process (``post_save`` / ``post_delete`` of the
  models, connected by the apps' ``ready``) empties the cache at once;
* other processes see the change within ``AUTOLEND_REFERENCE_CACHE_SECONDS`` (default 5; 0 turns
  the cache off). A version activated "now" therefore takes effect everywhere within seconds; one
  activated ahead of its effective date (the usual way) takes effect exactly on its date.

Callers get shared objects: they read them and never change them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from django.conf import settings
from django.db import connection

T = TypeVar("T")

_entries: dict[Hashable, tuple[float, Any]] = {}
_lock = threading.Lock()
_MAX_ENTRIES = 256


def refcache_get(key: Hashable, load: Callable[[], T]) -> T:
    """``load()``'s answer for ``key``: from the cache when fresh, else loaded (and kept when
    read outside a transaction)."""
    ttl = settings.AUTOLEND_REFERENCE_CACHE_SECONDS
    if ttl <= 0 or connection.in_atomic_block:
        return load()
    now = time.monotonic()
    hit = _entries.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]  # type: ignore[no-any-return]
    value = load()
    with _lock:
        if len(_entries) >= _MAX_ENTRIES:  # dates pass: drop what has expired
            for stale in [k for k, (until, _) in _entries.items() if until <= now]:
                del _entries[stale]
        _entries[key] = (now + ttl, value)
    return value


def refcache_clear(*_args: Any, **_kwargs: Any) -> None:
    """Forget everything (a signal receiver: any arguments)."""
    with _lock:
        _entries.clear()


def refcache_watch(*models: type) -> None:
    """Empty the cache whenever a row of ``models`` is saved or deleted in this process."""
    from django.db.models.signals import post_delete, post_save

    for model in models:
        post_save.connect(refcache_clear, sender=model, dispatch_uid=f"refcache:{model.__name__}:save")
        post_delete.connect(refcache_clear, sender=model, dispatch_uid=f"refcache:{model.__name__}:delete")
