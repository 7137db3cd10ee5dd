"""Strict readers for environment variables: a bad value raises ImproperlyConfigured.

Modelled on healthchecks' hc/settings.py: a typo in production configuration should stop the
process at start-up, not surface later as odd behaviour.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


def env_str(name: str, default: str = "") -> str:
    """The value of `name`, or the contents of the file named by `name`_FILE (for secrets)."""
    path = os.environ.get(f"{name}_FILE", "")
    if path:
        if name in os.environ:
            raise ImproperlyConfigured(f"Set only one of {name} and {name}_FILE")
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {path}: {exc}") from exc
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    """true/false, 1/0, yes/no or on/off (any case); empty or unset gives `default`."""
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {os.environ[name]!r}")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    """A whole number not below `minimum`; empty or unset gives `default`."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    return value


def env_list(name: str) -> list[str]:
    """A comma-separated list; blanks around items are dropped, an empty item is an error."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return []
    items = [item.strip() for item in raw.split(",")]
    if any(not item or " " in item for item in items):
        raise ImproperlyConfigured(f"{name} must be a comma-separated list, got {raw!r}")
    return items


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    """One of `choices` (compared in upper case); empty or unset gives `default`."""
    raw = os.environ.get(name, "").strip().upper()
    if not raw:
        return default
    if raw not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, got {raw!r}")
    return raw
