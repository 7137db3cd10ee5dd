"""Borrower sign-up and sign-in with a one-time SMS code: the code is stored only as a salted
hash, works once, expires, and stops after five wrong tries; a browser that confirmed a code is
trusted next time (no code), a new one is asked for a code again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from autolend.identity.models import Role, User
from autolend.integrations.messaging import SimulatedSender
from autolend.portal.models import PhoneCode
from autolend.portal.testing import last_code

pytestmark = pytest.mark.django_db
PHONE = "13812345678"
PASSWORD = "Qiche-2025-demo"


@pytest.fixture(autouse=True)
def _outbox() -> None:
    SimulatedSender.reset()


def register(client: Client) -> None:
    sent = client.post("/portal/register/", {"phone": PHONE, "password": PASSWORD, "password2": PASSWORD})
    assert sent.status_code == 302 and sent["Location"] == "/portal/verify/"


def test_registering_confirms_the_number_with_a_code_stored_only_hashed() -> None:
    client = Client(headers={"Accept-Language": "zh-hans"})
    register(client)
    code = last_code(PHONE)
    assert SimulatedSender.outbox[-1].body == f"【autolend】您的注册验证码为{code}，5分钟内有效。"
    row = PhoneCode.objects.get()
    assert code not in (row.code_hash, row.salt) and len(row.code_hash) == 64
    assert not User.objects.exists()  # the login exists only once the number is confirmed
    done = client.post("/portal/verify/", {"code": code})
    assert done.status_code == 302 and done["Location"] == "/portal/"
    user = User.objects.get(username=PHONE)
    assert user.role == Role.BORROWER and user.phone == PHONE and user.check_password(PASSWORD)
    assert client.get("/portal/").status_code == 200


def test_a_wrong_code_is_counted_and_five_stop_the_code() -> None:
    client = Client(headers={"Accept-Language": "en"})
    register(client)
    code = last_code(PHONE)
    wrong = "111111" if code != "111111" else "222222"
    first = client.post("/portal/verify/", {"code": wrong})
    assert "The code is not right." in first.content.decode()
    for _ in range(4):
        last = client.post("/portal/verify/", {"code": wrong})
    assert "Too many wrong codes: ask for a new one." in last.content.decode()
    assert PhoneCode.objects.get().attempts == 5
    refused = client.post("/portal/verify/", {"code": code})  # even the right code, now
    assert "Too many wrong codes" in refused.content.decode() and not User.objects.exists()


def test_an_expired_code_is_refused() -> None:
    client = Client(headers={"Accept-Language": "en"})
    register(client)
    PhoneCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    page = client.post("/portal/verify/", {"code": last_code(PHONE)})
    assert "The code has expired: ask for a new one." in page.content.decode() and not User.objects.exists()


def test_a_new_browser_is_asked_for_a_code_and_a_confirmed_one_is_not() -> None:
    phone_browser = Client()
    register(phone_browser)
    phone_browser.post("/portal/verify/", {"code": last_code(PHONE)})
    phone_browser.post("/portal/logout/")  # (Client.logout() would drop every cookie)
    again = phone_browser.post("/portal/login/", {"phone": PHONE, "password": PASSWORD})
    assert again.status_code == 302 and again["Location"] == "/portal/"  # trusted: no code
    laptop = Client()
    asked = laptop.post("/portal/login/", {"phone": PHONE, "password": PASSWORD})
    assert asked.status_code == 302 and asked["Location"] == "/portal/verify/"
    assert laptop.get("/portal/").status_code == 302  # not signed in before the code
    assert laptop.post("/portal/verify/", {"code": last_code(PHONE)})["Location"] == "/portal/"
    assert laptop.get("/portal/").status_code == 200


def test_a_wrong_password_sends_no_code() -> None:
    User.objects.create_user(username=PHONE, phone=PHONE, password=PASSWORD, role=Role.BORROWER)
    page = Client(headers={"Accept-Language": "en"}).post("/portal/login/", {"phone": PHONE, "password": "nope"})
    assert "The mobile number or the password is not right." in page.content.decode()
    assert not SimulatedSender.outbox and not PhoneCode.objects.exists()
