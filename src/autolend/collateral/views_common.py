"""What the collateral pages share: run one POSTed step and report back, parse form values.

A step is one service call; its refusal (``CollateralError``, or a ``ServicingError`` from the
servicing service it called) is shown as a translated message and nothing is written; the page
redirects back (post/redirect/get). Form values that cannot be parsed are refused the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import pgettext

from autolend.collateral import selectors
from autolend.collateral.errors import CollateralError
from autolend.collateral.refusals import refusal_message
from autolend.collateral.services.documents import MAX_BYTES, Upload


def act(request: HttpRequest, action: Callable[[], Any], done: str, back: str) -> HttpResponse:
    """Run ``action``; a message says it was done or why it was refused; redirect to ``back``."""
    try:
        action()
    except ValueError as exc:  # CollateralError, ServicingError, LedgerError: all carry field/message
        messages.error(request, refusal_message(exc))
    else:
        messages.success(request, done)
    return HttpResponseRedirect(back)


def done() -> str:
    return pgettext("collateral", "Done.")


def day() -> date:
    return selectors.business_date()


def post_date(request: HttpRequest, name: str, default: date | None = None) -> date:
    raw = request.POST.get(name, "").strip()
    if not raw and default is not None:
        return default
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise CollateralError(name, f"{raw!r} is not a date (YYYY-MM-DD)") from None


def post_int(request: HttpRequest, name: str) -> int:
    raw = request.POST.get(name, "").strip()
    try:
        return int(raw)
    except ValueError:
        raise CollateralError(name, f"{raw!r} is not a whole number") from None


def uploads(request: HttpRequest, name: str = "photos") -> list[Upload]:
    """The uploaded files of ``name`` (each read whole; the service checks size and type again)."""
    files = []
    for f in request.FILES.getlist(name):
        if f.size is not None and f.size > MAX_BYTES:
            raise CollateralError("photos", f"{f.name} is larger than {MAX_BYTES // (1024 * 1024)} MB")
        files.append(Upload(f.name or "", f.content_type or "", f.read()))
    return files
