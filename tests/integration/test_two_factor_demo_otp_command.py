"""`autolend demo otp USER` prints a demo staff account's current code; the code signs in."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.integration.interfaces_fixtures import run

from autolend.identity.models import Role, User
from autolend.identity.services import DEMO_PASSWORD, demo_users_seed
from autolend.identity.two_factor import demo_key

pytestmark = pytest.mark.django_db


def test_prints_the_current_code_that_signs_in(capsys: pytest.CaptureFixture[str]) -> None:
    demo_users_seed()
    status, out, err = run(capsys, "demo", "otp", "underwriter")
    expected = str(totp(bytes.fromhex(demo_key("underwriter")))).zfill(6)
    assert status == 0 and out == f"{expected}\n" and "more seconds" in err

    client = Client()
    client.post("/accounts/login/", {"username": "underwriter", "password": DEMO_PASSWORD})
    response = client.post("/accounts/two-factor/", {"code": out.strip(), "next": "/backoffice/"})
    assert response.status_code == 302 and response["Location"] == "/backoffice/"


def test_the_seed_gives_staff_devices_and_customers_none() -> None:
    demo_users_seed()
    demo_users_seed()  # idempotent
    owners = sorted(TOTPDevice.objects.values_list("user__username", flat=True))
    assert owners == sorted(r.value for r in Role if r not in (Role.BORROWER, Role.DEALER))


@pytest.mark.parametrize("username", ["borrower", "nobody"])
def test_customers_and_unknown_users_are_refused(capsys: pytest.CaptureFixture[str], username: str) -> None:
    demo_users_seed()
    status, out, err = run(capsys, "demo", "otp", username)
    assert status == 2 and out == "" and username in err


def test_a_real_authenticator_is_never_printed(capsys: pytest.CaptureFixture[str]) -> None:
    user = User.objects.create_user(username="li", password="x", role=Role.FINANCE)
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    status, out, _ = run(capsys, "demo", "otp", "li")
    assert status == 2 and out == ""
