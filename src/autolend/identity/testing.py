"""Test helpers: sign a test client in as a user, past the staff two-factor step."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from autolend.identity.two_factor import DEVICE_NAME, two_factor_required


def login(client: Client, user: Any) -> Client:
    """``client.force_login(user)``; for staff also a confirmed TOTP device marked verified in
    the session, as after a real code step. Returns the client."""
    client.force_login(user)
    if two_factor_required(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
