"""Every response carries the security headers; the session cookie is HttpOnly and SameSite=Lax;
forms need a CSRF token; without debug the cookies are Secure and HSTS is on."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.test import Client

from autolend.identity.models import Role, User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/api/v1/health"])
def test_headers(url: str) -> None:
    response = Client().get(url)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Content-Security-Policy"].startswith("default-src 'self'; ")
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "script-src 'self';" in response["Content-Security-Policy"]
    assert response["Permissions-Policy"] == "camera=(), microphone=(), geolocation=(), payment=()"


def test_session_cookie_is_httponly_and_lax() -> None:
    User.objects.create_user(username="zhang", password="a-long-enough-passphrase", role=Role.BORROWER)
    response = Client().post("/accounts/login/", {"username": "zhang", "password": "a-long-enough-passphrase"})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True and cookie["samesite"] == "Lax"
    assert response.cookies["csrftoken"]["samesite"] == "Lax"


def test_forms_need_a_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403


def test_without_debug_cookies_are_secure_and_hsts_is_on(tmp_path: object) -> None:
    probe = ("import json; from django.conf import settings as s; print(json.dumps([s.SESSION_COOKIE_SECURE,"
             " s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SECURE_HSTS_SECONDS, s.AUTOLEND_STAFF_2FA]))")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "autolend.config.settings", "AUTOLEND_DEBUG": "false",
           "AUTOLEND_SECRET_KEY": "k" * 40 + "abcdefghijklmn", "AUTOLEND_ALLOWED_HOSTS": "loans.example.com",
           "AUTOLEND_HOME": str(tmp_path)}
    env.pop("AUTOLEND_SECURE_COOKIES", None)
    out = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {probe}"],
                         env=env, capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == [True, True, True, 31_536_000, True]
