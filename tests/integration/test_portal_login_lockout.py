"""Wrong borrower passwords count towards the sign-in lockout staff share (identity.lockout):
after AUTOLEND_LOCKOUT_FAILURES of them even the right password is refused, and no code is sent."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from autolend.identity.models import Role, User
from autolend.integrations.messaging import SimulatedSender

pytestmark = pytest.mark.django_db
PHONE = "13812345678"


def test_repeated_wrong_passwords_lock_the_number(settings: Any) -> None:
    SimulatedSender.reset()
    User.objects.create_user(username=PHONE, phone=PHONE, password="Right-pass-2025", role=Role.BORROWER)
    client = Client(headers={"Accept-Language": "en"})
    for _ in range(settings.AUTOLEND_LOCKOUT_FAILURES):
        client.post("/portal/login/", {"phone": PHONE, "password": "wrong"})
    page = client.post("/portal/login/", {"phone": PHONE, "password": "Right-pass-2025"})
    assert "Too many failed sign-in attempts" in page.content.decode()
    assert not SimulatedSender.outbox and client.get("/portal/").status_code == 302
