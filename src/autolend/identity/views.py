"""Sign-in: the password step (with lockout), then for staff the two-factor code step
(``/accounts/two-factor/``) or, the first time, enrolment (``/accounts/two-factor/setup/``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django_otp import login as otp_login
from django_otp import verify_token

from autolend.identity.forms import CodeForm
from autolend.identity.lockout import Lock, client_ip, lock_for
from autolend.identity.middleware import session_start
from autolend.identity.sign_in import Kind, Outcome, login_attempt_record, two_factor_enrol_confirm
from autolend.identity.two_factor import (
    confirmed_device,
    pending_device,
    qr_svg,
    secret_base32,
    session_verified,
    two_factor_required,
)

LOCKED_STATUS = 429


def locked_message(lock: Lock) -> str:
    until = timezone.localtime(lock.until).strftime("%H:%M")
    return gettext("Too many failed sign-in attempts: signing in is locked until %(time)s. "
                   "Try again then.") % {"time": until}


class SignInView(auth_views.LoginView):
    """Django's LoginView plus the lockout, the audit trail and the staff code step."""

    template_name = "identity/login.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = str(request.POST.get("username", ""))
        lock = lock_for(username, client_ip(request.META), timezone.now())
        if lock is not None:
            self._record(username, Outcome.REFUSED)
            return self._locked(lock)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        username = str(form.data.get("username", ""))
        if username and form.data.get("password"):  # a real attempt, not an empty form
            lock = self._record(username, Outcome.FAILED)
            if lock is not None:
                return self._locked(lock)
        return super().form_invalid(form)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        staff = two_factor_required(user)
        self._record(user.get_username(), Outcome.PASSED if staff else Outcome.SUCCEEDED, user=user)
        response = super().form_valid(form)  # signs in (a new session key) and picks `next`
        session_start(self.request)
        if not staff:
            return response
        step = reverse("two_factor") if confirmed_device(user) else reverse("two_factor_setup")
        return HttpResponseRedirect(f"{step}?{urlencode({'next': self.get_success_url()})}")

    def _record(self, username: str, outcome: str, user: Any = None) -> Lock | None:
        return login_attempt_record(username, client_ip(self.request.META), Kind.PASSWORD, outcome,
                                    user=user, now=timezone.now())

    def _locked(self, lock: Lock) -> HttpResponse:
        context = self.get_context_data(form=self.get_form_class()(self.request), locked=locked_message(lock))
        return self.render_to_response(context, status=LOCKED_STATUS)


def _next_url(request: HttpRequest) -> str:
    target = str(request.POST.get("next") or request.GET.get("next") or "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _code_step(request: HttpRequest, *, setup: bool) -> HttpResponse:
    """The verify and enrol pages share everything but the device and the confirmation."""
    user = request.user
    if not user.is_authenticated:
        return redirect("login")
    if not two_factor_required(user) or session_verified(user):
        return redirect(_next_url(request))
    device = confirmed_device(user)
    if setup and device is not None:
        return redirect(f"{reverse('two_factor')}?{urlencode({'next': _next_url(request)})}")
    if not setup and device is None:
        return redirect(f"{reverse('two_factor_setup')}?{urlencode({'next': _next_url(request)})}")
    if setup:
        device = pending_device(user)
    assert device is not None
    ip = client_ip(request.META)
    form = CodeForm(request.POST or None)
    context: dict[str, Any] = {"form": form, "next": _next_url(request), "setup": setup}
    if setup:
        context.update(secret=secret_base32(device), uri=device.config_url, qr=qr_svg(device.config_url))
    template = "identity/two_factor_setup.html" if setup else "identity/two_factor.html"
    if request.method != "POST":
        return render(request, template, context)
    now = timezone.now()
    lock = lock_for(user.get_username(), ip, now)
    if lock is not None:
        login_attempt_record(user.get_username(), ip, Kind.CODE, Outcome.REFUSED, user=user, now=now)
        return _locked_out(request, lock)
    if not form.is_valid():
        return render(request, template, context, status=400)
    code = form.cleaned_data["code"]
    if setup:
        accepted = device if device.verify_token(code) else None
    else:
        accepted = verify_token(user, device.persistent_id, code)
    if accepted is None:
        lock = login_attempt_record(user.get_username(), ip, Kind.CODE, Outcome.FAILED, user=user, now=now)
        if lock is not None:
            return _locked_out(request, lock)
        form.add_error("code", gettext("That code is not right. Check the time on your phone and "
                                       "try the newest code."))
        return render(request, template, context, status=400)
    if setup:
        two_factor_enrol_confirm(accepted, ip=ip, now=now)
    login_attempt_record(user.get_username(), ip, Kind.CODE, Outcome.SUCCEEDED, user=user, now=now)
    request.session.cycle_key()  # a new session id for the now fully signed-in session
    otp_login(request, accepted)
    return redirect(context["next"])


def _locked_out(request: HttpRequest, lock: Lock) -> HttpResponse:
    """Locked at the code step: the half-finished sign-in ends; the next try starts again."""
    logout(request)
    return render(request, "identity/login.html",
                  {"form": AuthenticationForm(request), "locked": locked_message(lock), "next": ""},
                  status=LOCKED_STATUS)


def two_factor_verify(request: HttpRequest) -> HttpResponse:
    return _code_step(request, setup=False)


def two_factor_setup(request: HttpRequest) -> HttpResponse:
    return _code_step(request, setup=True)
