"""``POST /webhooks/payments``: the payment gateway tells us money arrived or a payment bounced.

The body is the gateway's event (``integrations.payments.SimulatedGateway.event``: id, type
``payment.succeeded`` | ``payment.returned``, reference = loan number, amount, value_date,
channel, payer_account, original_event_id). It must carry ``X-Autolend-Signature:
sha256=<hex>``, the HMAC-SHA256 of the raw body with the shared secret
``AUTOLEND_WEBHOOK_SECRET``; a missing or wrong signature is a 401 and nothing is read. The event
id is the idempotency key: a redelivered event answers the first transaction (200).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import pgettext
from ninja import Router
from ninja.errors import HttpError
from ninja.responses import Status

from autolend.servicing.api._common import TransactionOut, field_error, refusals
from autolend.servicing.models import LoanTransaction

router = Router(tags=["webhooks"])
SIGNATURE_HEADER = "X-Autolend-Signature"


def webhook_signature(body: bytes, secret: str) -> str:
    """The header value the gateway sends for ``body``: ``sha256=`` + hex HMAC-SHA256."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@router.post("/payments", response={200: TransactionOut, 201: TransactionOut}, summary="Payment gateway event",
             openapi_extra={"requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}}})
def payment_event(request: HttpRequest) -> Status[dict[str, Any]]:
    from autolend.servicing.selectors import transaction_json
    from autolend.servicing.services import repayment_from_gateway

    secret = getattr(settings, "AUTOLEND_WEBHOOK_SECRET", "")
    if not secret:
        raise HttpError(503, pgettext("servicing", "Payment webhooks are not configured (AUTOLEND_WEBHOOK_SECRET)."))
    given = request.headers.get(SIGNATURE_HEADER, "")
    if not hmac.compare_digest(given.encode(), webhook_signature(request.body, secret).encode()):
        raise HttpError(401, pgettext("servicing", "The webhook signature is missing or wrong."))
    try:
        event = json.loads(request.body)
    except ValueError:
        raise field_error("event", pgettext("servicing", "The body is not JSON.")) from None
    event_id = str(event.get("id") or "").strip() if isinstance(event, dict) else ""
    replayed = bool(event_id) and LoanTransaction.objects.filter(idempotency_key=event_id).exists()
    with refusals():
        txn = repayment_from_gateway(event)
    return Status(200 if replayed else 201, transaction_json(txn))
