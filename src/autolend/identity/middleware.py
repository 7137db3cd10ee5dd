"""Request guards for staff sessions, and the security headers Django does not send itself.

``StaffSessionMiddleware`` (after django-otp's ``OTPMiddleware``): a staff session that has not
passed the code step reaches only that step, sign-in and sign-out, the language switch and static
files — pages redirect to the step, the API answers 401 JSON. A staff session also ends
AUTOLEND_STAFF_SESSION_HOURS after sign-in or AUTOLEND_STAFF_IDLE_MINUTES after its last request.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext

from autolend.identity.permissions import is_staff_user
from autolend.identity.two_factor import session_verified

SIGNED_IN_AT = "autolend_signed_in_at"  # unix seconds, set at sign-in
SEEN_AT = "autolend_seen_at"  # unix seconds of the last request (refreshed once a minute)
_SEEN_REFRESH = 60

Handler = Callable[[HttpRequest], HttpResponse]


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _exempt(request: HttpRequest) -> bool:
    """Paths an unverified staff session may still use."""
    allowed = (reverse("two_factor"), reverse("two_factor_setup"), reverse("login"), reverse("logout"),
               reverse("set_language"), settings.STATIC_URL)
    return request.path.startswith(allowed)


def session_start(request: HttpRequest) -> None:
    """Stamp a fresh sign-in (the login views call this)."""
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[SEEN_AT] = now


def session_expired(request: HttpRequest, now: float) -> bool:
    """True when a staff session outlived its hours or sat idle; refreshes the last-seen stamp."""
    session = request.session
    signed_in = session.get(SIGNED_IN_AT)
    seen = session.get(SEEN_AT)
    if not isinstance(signed_in, int) or not isinstance(seen, int):
        session_start(request)  # a session from before these stamps: count from now
        return False
    if now - signed_in > settings.AUTOLEND_STAFF_SESSION_HOURS * 3600:
        return True
    if now - seen > settings.AUTOLEND_STAFF_IDLE_MINUTES * 60:
        return True
    if now - seen >= _SEEN_REFRESH:
        session[SEEN_AT] = int(now)
    return False


class StaffSessionMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and is_staff_user(user):
            if session_expired(request, time.time()):
                logout(request)
                if is_api(request):
                    return JsonResponse({"detail": gettext("Your session has ended. Sign in again.")},
                                        status=401)
                return redirect_to_login(request.get_full_path())
            if not session_verified(user) and not _exempt(request):
                if is_api(request):
                    return JsonResponse(
                        {"detail": gettext("Enter your two-factor code to use this endpoint.")},
                        status=401)
                return redirect_to_login(request.get_full_path(), login_url=reverse("two_factor"))
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response (unless a view set them)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy",
                                    settings.AUTOLEND_CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy",
                                    "camera=(), microphone=(), geolocation=(), payment=()")
        return response
