"""POST /api/v1/webhooks/payments: HMAC-SHA256 signed with AUTOLEND_WEBHOOK_SECRET. Unsigned or
badly signed: 401 and nothing posted; signed: the repayment (201); a redelivery answers the first
transaction (200); a returned payment reverses it."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client
from tests.integration.interfaces_fixtures import INSTALMENT, active_loan

from autolend.integrations.payments import SimulatedGateway
from autolend.servicing.api.webhooks import SIGNATURE_HEADER, webhook_signature
from autolend.servicing.models import LoanTransaction
from autolend.servicing.testing import fresh_books

pytestmark = pytest.mark.django_db

URL = "/api/v1/webhooks/payments"
SECRET = "test-webhook-secret"


@pytest.fixture(autouse=True)
def loan(settings: Any) -> None:
    settings.AUTOLEND_WEBHOOK_SECRET = SECRET
    fresh_books()
    active_loan()


def deliver(event: dict[str, Any], secret: str | None = SECRET) -> Any:
    body = json.dumps(event).encode()
    headers = {SIGNATURE_HEADER: webhook_signature(body, secret)} if secret else {}
    return Client(headers={"Accept-Language": "en"}).post(URL, data=body, content_type="application/json",
                                                         headers=headers)


def paid(event_id: str = "evt-1") -> dict[str, Any]:
    return SimulatedGateway.event(event_id, "AL00000001", INSTALMENT, date(2024, 2, 15), channel="auto_debit")


def test_unsigned_or_badly_signed_is_401() -> None:
    assert deliver(paid(), secret=None).status_code == 401
    response = deliver(paid(), secret="not-the-secret")
    assert response.status_code == 401 and "signature" in response.json()["detail"]
    assert not LoanTransaction.objects.filter(kind="repayment").exists()


def test_a_signed_event_posts_once() -> None:
    first = deliver(paid())
    assert first.status_code == 201
    assert (first.json()["kind"], first.json()["channel"], first.json()["idempotency_key"]) == (
        "repayment", "auto_debit", "evt-1")
    again = deliver(paid())
    assert again.status_code == 200 and again.json() == first.json()
    assert LoanTransaction.objects.filter(kind="repayment").count() == 1


def test_a_returned_payment_is_reversed() -> None:
    original = deliver(paid()).json()
    returned = SimulatedGateway.event("evt-2", "AL00000001", INSTALMENT, date(2024, 2, 15),
                                      kind="payment.returned", original_event_id="evt-1")
    response = deliver(returned)
    assert response.status_code == 201
    assert (response.json()["kind"], response.json()["reverses"]) == ("reversal", original["id"])


def test_a_bad_event_is_422() -> None:
    response = deliver({**paid(), "type": "payment.maybe"})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][-1] == "type"


def test_no_secret_refuses_every_event(settings: Any) -> None:
    settings.AUTOLEND_WEBHOOK_SECRET = ""
    assert deliver(paid()).status_code == 503
