"""Register and sign in with a mobile number, a password and a one-time code by SMS.

Registration: number + password → a code to the number → the login exists once the code is
confirmed (the password waits hashed in the session). Sign-in: number + password; on a browser
the borrower has not confirmed before, a code too; a confirmed browser gets a signed cookie.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from autolend.identity.lockout import lock_for
from autolend.identity.models import LoginAttempt, Role, User
from autolend.identity.permissions import role_of
from autolend.identity.sign_in import login_attempt_record
from autolend.identity.views import locked_message
from autolend.integrations.messaging import SimulatedSender
from autolend.portal.demo import borrower_demo_mobile
from autolend.portal.forms.accounts import CodeForm, LoginForm, RegisterForm
from autolend.portal.models import CodePurpose
from autolend.portal.services.accounts import (
    AccountError,
    borrower_account_create,
    password_hashed,
    phone_registered,
    username_for_phone,
)
from autolend.portal.services.codes import (
    CodeError,
    code_send,
    code_verify,
    device_is_trusted,
    device_trust,
)
from autolend.portal.views.common import (
    DEVICE_COOKIE,
    DEVICE_MAX_AGE,
    DEVICE_SALT,
    client_ip,
    login_backend,
)

PENDING = "portal_pending"
Kind, Outcome = LoginAttempt.Kind, LoginAttempt.Outcome


def register(request: HttpRequest) -> HttpResponse:
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        if phone_registered(phone):
            form.add_error("phone", _("This mobile number is already registered: sign in instead."))
        elif _send(request, form, phone, CodePurpose.REGISTER):
            request.session[PENDING] = {"purpose": CodePurpose.REGISTER, "phone": phone,
                                        "password": password_hashed(form.cleaned_data["password"])}
            return redirect("portal:verify")
    return render(request, "portal/register.html", {"form": form})


def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        user = _password_checked(request, form, phone)
        if user is None:
            pass
        elif device_is_trusted(user, request.get_signed_cookie(DEVICE_COOKIE, None, salt=DEVICE_SALT)):
            login_attempt_record(phone, client_ip(request), Kind.PASSWORD, Outcome.SUCCEEDED, user=user,
                                 now=timezone.now())
            login(request, user, backend=login_backend())
            return redirect(_safe(request, nxt))
        elif _send(request, form, phone, CodePurpose.LOGIN):
            request.session[PENDING] = {"purpose": CodePurpose.LOGIN, "phone": phone, "user": user.pk, "next": nxt}
            return redirect("portal:verify")
    demo_mobile = borrower_demo_mobile() if settings.AUTOLEND_DEMO else ""
    return render(request, "portal/login.html", {"form": form, "next": nxt, "demo_mobile": demo_mobile})


def _password_checked(request: HttpRequest, form: Any, phone: str) -> Any:
    """The borrower whose password this is, or None (the form says why); failures count towards
    the sign-in lockout shared with staff (identity.lockout)."""
    now, ip = timezone.now(), client_ip(request)
    lock = lock_for(phone, ip, now)
    if lock is not None:
        login_attempt_record(phone, ip, Kind.PASSWORD, Outcome.REFUSED, now=now)
        form.add_error(None, locked_message(lock))
        return None
    user = authenticate(request, username=username_for_phone(phone), password=form.cleaned_data["password"])
    if user is None or role_of(user) != Role.BORROWER:
        lock = login_attempt_record(phone, ip, Kind.PASSWORD, Outcome.FAILED, now=now)
        form.add_error(None, locked_message(lock) if lock else _("The mobile number or the password is not right."))
        return None
    return user


def verify(request: HttpRequest) -> HttpResponse:
    pending: dict[str, Any] | None = request.session.get(PENDING)
    if not pending:
        return redirect("portal:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and request.POST.get("action") == "resend":
        _send(request, None, pending["phone"], pending["purpose"])
        form = CodeForm()
    elif request.method == "POST" and form.is_valid():
        try:
            code_verify(pending["phone"], pending["purpose"], form.cleaned_data["code"])
            user = _complete(pending)
        except (CodeError, AccountError) as exc:
            form.add_error("code" if isinstance(exc, CodeError) else None, exc.message)
        else:
            del request.session[PENDING]
            login_attempt_record(pending["phone"], client_ip(request), Kind.PASSWORD, Outcome.SUCCEEDED, user=user,
                                 now=timezone.now())
            login(request, user, backend=login_backend())
            response = redirect(_safe(request, pending.get("next") or ""))
            response.set_signed_cookie(DEVICE_COOKIE, device_trust(user).raw, salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE,
                                       httponly=True, samesite="Lax", secure=request.is_secure())
            return response
    return render(request, "portal/verify.html", {"form": form, "phone": pending["phone"],
                                                  "simulated": _simulated() and settings.AUTOLEND_DEMO})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("portal:login")


def sms_outbox(request: HttpRequest) -> HttpResponse:
    """Demo only (the SMS simulator): the texts sent to the number waiting for its code."""
    pending = request.session.get(PENDING)
    if not (_simulated() and settings.AUTOLEND_DEMO):
        raise Http404
    phone = (pending or {}).get("phone") or getattr(request.user, "phone", "") or ""
    sent = [m for m in SimulatedSender.outbox if phone and m.to == phone][-10:]
    return render(request, "portal/sms_outbox.html", {"sent": list(reversed(sent)), "phone": phone})


def _simulated() -> bool:
    return (getattr(settings, "AUTOLEND_MESSAGING", "") or "simulated") == "simulated"


def _send(request: HttpRequest, form: Any, phone: str, purpose: str) -> bool:
    try:
        code_send(phone, purpose)
    except CodeError as exc:
        if form is None:
            messages.error(request, exc.message)
        else:
            form.add_error(None, exc.message)
        return False
    messages.info(request, _("We sent a 6-digit code to %(phone)s.") % {"phone": f"{phone[:3]}****{phone[-4:]}"})
    return True


def _complete(pending: dict[str, Any]) -> Any:
    if pending["purpose"] == CodePurpose.REGISTER:
        return borrower_account_create(pending["phone"], pending["password"])
    return User.objects.get(pk=pending["user"])


def _safe(request: HttpRequest, target: str) -> str:
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return "/portal/"
