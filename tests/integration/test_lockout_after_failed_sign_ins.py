"""Five failed passwords or codes for a username within 15 minutes lock it for 15 minutes (even
the right password is refused, with a translated message, audited once); twenty failures from
one address refuse that address. A finished sign-in resets the username's count."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from autolend.audit.models import AuditEvent
from autolend.identity.models import LoginAttempt, Role, User
from autolend.identity.two_factor import code_at, confirmed_device

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-passphrase"


@pytest.fixture(autouse=True)
def people() -> None:
    User.objects.create_user(username="zhang", password=PASSWORD, role=Role.BORROWER)
    User.objects.create_user(username="uw", password=PASSWORD, role=Role.UNDERWRITER)


def attempt(client: Client, username: str, password: str, ip: str = "10.0.0.1") -> int:
    response = client.post("/accounts/login/", {"username": username, "password": password},
                           REMOTE_ADDR=ip)
    return int(response.status_code)


def test_the_fifth_failure_locks_even_the_right_password() -> None:
    client = Client(headers={"Accept-Language": "en"})
    assert [attempt(client, "zhang", "wrong") for _ in range(5)] == [200, 200, 200, 200, 429]
    refused = client.post("/accounts/login/", {"username": "Zhang", "password": PASSWORD},
                          REMOTE_ADDR="10.0.0.2")
    assert refused.status_code == 429
    assert "Too many failed sign-in attempts: signing in is locked until" in refused.content.decode()
    assert AuditEvent.objects.filter(action="login.locked", object_id="zhang").count() == 1
    assert AuditEvent.objects.filter(action="login.password.failed").count() == 5
    assert LoginAttempt.objects.filter(outcome="refused").count() == 1


def test_the_lock_ends_fifteen_minutes_after_the_failures() -> None:
    client = Client()
    for _ in range(5):
        attempt(client, "zhang", "wrong")
    LoginAttempt.objects.update(at=LoginAttempt.objects.first().at - timedelta(minutes=15, seconds=1))
    assert attempt(client, "zhang", PASSWORD) == 302


def test_the_message_is_translated() -> None:
    client = Client(headers={"Accept-Language": "zh-hans"})
    for _ in range(5):
        attempt(client, "zhang", "wrong")
    page = client.post("/accounts/login/", {"username": "zhang", "password": PASSWORD}).content.decode()
    assert "登录失败次数过多" in page


def test_a_success_resets_the_count() -> None:
    client = Client()
    for _ in range(4):
        attempt(client, "zhang", "wrong")
    assert attempt(client, "zhang", PASSWORD) == 302
    client.post("/accounts/logout/")
    assert [attempt(client, "zhang", "wrong") for _ in range(4)] == [200] * 4


def test_wrong_codes_count_and_a_password_alone_does_not_reset_them() -> None:
    client = Client()
    assert attempt(client, "uw", PASSWORD) == 302
    client.get("/accounts/two-factor/setup/")  # the device being enrolled
    for _ in range(4):
        assert client.post("/accounts/two-factor/setup/", {"code": "12345x"}).status_code == 400  # not digits: no attempt
    statuses = [client.post("/accounts/two-factor/setup/", {"code": "000000"}).status_code for _ in range(3)]
    assert attempt(client, "uw", PASSWORD) == 302  # password right again: staff count goes on
    statuses += [client.post("/accounts/two-factor/setup/", {"code": "000000"}).status_code for _ in range(2)]
    assert statuses == [400, 400, 400, 400, 429]
    assert client.get("/backoffice/")["Location"].startswith("/accounts/login/")  # signed out
    assert attempt(client, "uw", PASSWORD) == 429
    assert confirmed_device(User.objects.get(username="uw")) is None


def test_twenty_failures_from_one_address_refuse_it() -> None:
    client = Client()
    for n in range(20):
        attempt(client, f"guess{n}", "wrong", ip="10.9.9.9")
    assert attempt(client, "zhang", PASSWORD, ip="10.9.9.9") == 429
    assert attempt(client, "zhang", PASSWORD, ip="10.9.9.8") == 302


def test_a_right_code_after_failures_signs_in() -> None:
    client = Client()
    attempt(client, "uw", PASSWORD)
    client.get("/accounts/two-factor/setup/")
    for _ in range(3):
        client.post("/accounts/two-factor/setup/", {"code": "000000"})
    device = User.objects.get(username="uw").totpdevice_set.get()
    response = client.post("/accounts/two-factor/setup/", {"code": code_at(device)})
    assert response.status_code == 302 and client.get("/backoffice/").status_code == 200
