"""Staff finish signing in with a TOTP code: enrol on first sign-in (QR code, key), then a code
each time; until then pages lead to the code step and the API answers 401. Customers are not asked."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from autolend.audit.models import AuditEvent
from autolend.identity.models import Role, User
from autolend.identity.services import DEMO_PASSWORD, demo_users_seed
from autolend.identity.two_factor import code_at, demo_key

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-staff-passphrase"


def password_step(client: Client, username: str, password: str = DEMO_PASSWORD) -> str:
    response = client.post("/accounts/login/", {"username": username, "password": password})
    assert response.status_code == 302
    return str(response["Location"])


def test_until_the_code_step_staff_reach_nothing() -> None:
    demo_users_seed()
    client = Client(headers={"Accept-Language": "en"})
    assert password_step(client, "underwriter") == "/accounts/two-factor/?next=%2F"
    for page in ("/", "/backoffice/", "/backoffice/loans/", "/admin/"):
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"].startswith("/accounts/two-factor/?next="), page
    api = client.get("/api/v1/loans/")
    assert api.status_code == 401
    assert api.json() == {"detail": "Enter your two-factor code to use this endpoint."}
    assert client.get("/accounts/two-factor/").status_code == 200


def test_a_demo_account_verifies_with_its_code() -> None:
    demo_users_seed()
    device = TOTPDevice.objects.get(user__username="operations")
    assert device.key == demo_key("operations") and device.confirmed
    client = Client(headers={"Accept-Language": "en"})
    password_step(client, "operations")
    wrong = client.post("/accounts/two-factor/?next=/backoffice/", {"code": "000000" if code_at(device) != "000000" else "111111"})
    assert wrong.status_code == 400
    assert "That code is not right" in wrong.content.decode()
    assert client.get("/backoffice/").status_code == 302

    response = client.post("/accounts/two-factor/", {"code": code_at(device), "next": "/backoffice/"})
    assert response.status_code == 302 and response["Location"] == "/backoffice/"
    assert client.get("/backoffice/").status_code == 200
    assert client.get("/api/v1/loans/").status_code == 200
    actions = list(AuditEvent.objects.filter(object_id="operations").order_by("seq").values_list("action", flat=True))
    assert actions == ["login.password.passed", "login.code.failed", "login.code.succeeded"]


def test_first_sign_in_enrols_an_authenticator() -> None:
    User.objects.create_user(username="wang", password=PASSWORD, role=Role.FINANCE)
    client = Client(headers={"Accept-Language": "en"})
    assert password_step(client, "wang", PASSWORD) == "/accounts/two-factor/setup/?next=%2F"
    assert client.get("/accounts/two-factor/")["Location"] == "/accounts/two-factor/setup/?next=%2F"
    page = client.get("/accounts/two-factor/setup/").content.decode()
    device = TOTPDevice.objects.get(user__username="wang")
    assert not device.confirmed
    assert "<svg" in page and "otpauth://totp/autolend%3Awang?secret=" in page
    assert client.get("/accounts/two-factor/setup/").content.decode().count(device.key) == 0  # hex key never shown

    response = client.post("/accounts/two-factor/setup/", {"code": code_at(device), "next": "/backoffice/"})
    assert response.status_code == 302 and response["Location"] == "/backoffice/"
    device.refresh_from_db()
    assert device.confirmed and TOTPDevice.objects.filter(user__username="wang").count() == 1
    enrolled = AuditEvent.objects.get(action="two_factor.enrolled")
    assert enrolled.object_id == "wang" and enrolled.after["ip"] == "127.0.0.1"
    assert client.get("/backoffice/").status_code == 200


def test_customers_are_not_asked_for_a_code() -> None:
    demo_users_seed()
    client = Client()
    assert password_step(client, "borrower") == "/"
    assert client.get("/").status_code == 200
    assert client.get("/accounts/two-factor/")["Location"] == "/"


@override_settings(AUTOLEND_STAFF_2FA=False)
def test_the_setting_turns_the_step_off() -> None:
    demo_users_seed()
    client = Client()
    assert password_step(client, "underwriter") == "/"
    assert client.get("/backoffice/").status_code == 200
