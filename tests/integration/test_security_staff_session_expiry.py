"""A staff session ends 8 hours after sign-in or after 30 idle minutes (pages go to sign-in, the
API answers 401); a customer's session is not cut short."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from autolend.identity.middleware import SEEN_AT, SIGNED_IN_AT
from autolend.identity.models import Role, User
from autolend.identity.testing import login

pytestmark = pytest.mark.django_db


def signed_in(role: Role, *, signed_in_ago: int, seen_ago: int) -> Client:
    client = login(Client(headers={"Accept-Language": "en"}),
                   User.objects.create_user(username=role.value, password="x", role=role))
    session = client.session
    now = int(time.time())
    session[SIGNED_IN_AT], session[SEEN_AT] = now - signed_in_ago, now - seen_ago
    session.save()
    return client


def test_an_active_staff_session_goes_on() -> None:
    client = signed_in(Role.OPERATIONS, signed_in_ago=7 * 3600, seen_ago=29 * 60)
    assert client.get("/backoffice/").status_code == 200
    assert time.time() - client.session[SEEN_AT] < 5  # the request counts as activity


def test_eight_hours_after_sign_in_it_ends() -> None:
    client = signed_in(Role.OPERATIONS, signed_in_ago=8 * 3600 + 1, seen_ago=10)
    response = client.get("/backoffice/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=/backoffice/"
    assert "_auth_user_id" not in client.session


def test_thirty_idle_minutes_end_it_and_the_api_says_so() -> None:
    client = signed_in(Role.FINANCE, signed_in_ago=3600, seen_ago=30 * 60 + 1)
    response = client.get("/api/v1/loans/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Your session has ended. Sign in again."}


def test_customer_sessions_are_not_cut() -> None:
    client = signed_in(Role.BORROWER, signed_in_ago=9 * 3600, seen_ago=3 * 3600)
    assert client.get("/").content.decode().count("Sign out (borrower)") == 1
