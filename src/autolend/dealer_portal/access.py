"""Who may use the dealer portal: a signed-in login with the dealer role and at least one active
membership of a dealer (``parties.DealerStaff``). Everyone else is refused (staff have the back
office); which applications a dealer sees is decided by ``selectors`` (its own dealers' only)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from autolend.identity.models import Role
from autolend.identity.permissions import role_of
from autolend.parties.models import DealerStaff

F = TypeVar("F", bound=Callable[..., HttpResponse])


def is_dealer_user(user: Any) -> bool:
    return role_of(user) == Role.DEALER and DealerStaff.objects.filter(user_id=user.pk, is_active=True).exists()


def dealer_required(view: F) -> F:
    """View decorator: the login page when signed out, 403 unless a dealer's active staff."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_dealer_user(request.user):
            raise PermissionDenied("dealer portal")
        return view(request, *args, **kwargs)

    wrapped.dealer_portal = True  # type: ignore[attr-defined]  # for the authorization matrix
    return wrapped  # type: ignore[return-value]
