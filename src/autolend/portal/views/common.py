"""What the portal's views share: the borrower-only guard, messages from field issues, the IP."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from autolend.identity.models import Role
from autolend.identity.permissions import role_of
from autolend.origination.errors import localized
from autolend.parties.errors import FieldIssue

F = TypeVar("F", bound=Callable[..., HttpResponse])
DEVICE_COOKIE = "autolend_device"
DEVICE_SALT = "autolend.portal.device"
DEVICE_MAX_AGE = 180 * 24 * 3600  # seconds: a trusted browser is asked for a code again after 180 days


def borrower_required(view: F) -> F:
    """Signed out → the portal's sign-in page; signed in with another role → 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect(f"{reverse('portal:login')}?{urlencode({'next': request.get_full_path()})}")
        if role_of(request.user) != Role.BORROWER:
            raise PermissionDenied("borrower portal")
        return view(request, *args, **kwargs)

    return wrapped  # type: ignore[return-value]


def field_errors(issues: Iterable[FieldIssue]) -> dict[str, str]:
    """Each field's first message in the active language, keyed by the field's own name."""
    found: dict[str, str] = {}
    for item in issues:
        found.setdefault(item.field.split(".")[-1], localized(item.message_en, item.message_zh))
    return found


def flash_issues(request: HttpRequest, issues: Iterable[FieldIssue]) -> None:
    for message in field_errors(issues).values():
        messages.error(request, message)


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def login_backend() -> str:
    backends = list(getattr(settings, "AUTHENTICATION_BACKENDS", []) or ["django.contrib.auth.backends.ModelBackend"])
    return next((b for b in backends if b.endswith("ModelBackend")), backends[0])
