"""What the servicing commands share: dates and amounts from the command line, servicing errors
as usage errors (exit 2, one line), JSON output."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from autolend.commands.base import UsageError


def date_arg(text: str | None, flag: str) -> date | None:
    """``YYYY-MM-DD`` or None; anything else is a UsageError naming ``flag``."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{flag}: {text!r} is not a date (YYYY-MM-DD)") from None


def print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


@contextmanager
def usage_errors() -> Iterator[None]:
    """Turn the domain's input errors (``ServicingError`` and other ValueErrors carrying
    ``field`` and ``message``, EOD's ``EodError``) into ``UsageError``: exit 2, one line."""
    from autolend.servicing.eod import EodError

    try:
        yield
    except EodError as exc:
        raise UsageError(exc.message) from None
    except ValueError as exc:
        field, message = getattr(exc, "field", None), getattr(exc, "message", None)
        if not isinstance(field, str) or not isinstance(message, str):
            raise
        raise UsageError(f"{option_name(field)}: {message}") from None


# Service field names → the option that carries them.
OPTIONS = {"business_date": "--date", "idempotency_key": "--key", "loan": "--loan", "amount": "--amount",
           "channel": "--channel", "status": "--status", "bucket": "--bucket"}


def option_name(field: str) -> str:
    return OPTIONS.get(field, field)


def not_after_business_date(day: date, flag: str = "--date") -> None:
    """Money is posted on the business date or before it, never in the future of the books."""
    from autolend.servicing.selectors import business_date_current

    current = business_date_current()
    if current is not None and day > current:
        raise UsageError(f"{flag}: {day} is after the business date {current}")
