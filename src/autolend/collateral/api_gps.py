"""``POST /api/v1/gps/telemetry``: the GPS platform's signed webhook (mount: ``/gps/``).

No session, no CSRF: the request proves itself with an HMAC-SHA256 signature over
``"<X-Autolend-Timestamp>." + raw body`` made with the shared secret (``conf.gps_webhook_secret``),
compared in constant time. The timestamp must be within ``MAX_SKEW_SECONDS`` of this server's
clock (transport security, not a business rule), so a captured request cannot be replayed later;
a replay within the window stores nothing twice (points are unique per device and time).
401 for a missing, stale or wrong signature; 400 for a body that is not a batch of points;
200 with the ingest counts otherwise.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from autolend.collateral.conf import gps_webhook_secret
from autolend.collateral.services.telemetry import telemetry_ingest, telemetry_parse
from autolend.integrations.gps import SIGNATURE_HEADER, TIMESTAMP_HEADER

MAX_SKEW_SECONDS = 300
router = Router(tags=["gps"])

BODY_DOC = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"example": {"points": [{
            "device": "864000000000001", "time": "2025-03-03T08:15:00+08:00", "lat": 31.2304, "lon": 121.4737,
            "speed": 32.5, "ignition": True, "power": "main", "tamper": False}]}}},
    },
}


class IngestOut(Schema):
    received: int
    stored: int
    unknown_devices: int
    future_points: int
    alerts_opened: int
    alerts_closed: int


def verify_signature(request: HttpRequest, secret: bytes, now: float | None = None) -> None:
    """Raise HttpError(401) unless the request carries a fresh, valid signature."""
    stamp = request.headers.get(TIMESTAMP_HEADER, "")
    given = request.headers.get(SIGNATURE_HEADER, "")
    if not stamp.isdigit() or not given.startswith("sha256="):
        raise HttpError(401, "missing or malformed signature headers")
    if abs((now if now is not None else time.time()) - int(stamp)) > MAX_SKEW_SECONDS:
        raise HttpError(401, "stale timestamp")
    expected = hmac.new(secret, f"{stamp}.".encode() + request.body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(given.removeprefix("sha256="), expected):
        raise HttpError(401, "bad signature")


@router.post("/telemetry", response=IngestOut, auth=None, summary="GPS telemetry webhook (HMAC-signed)",
             openapi_extra=BODY_DOC)
def telemetry(request: HttpRequest) -> dict[str, int]:
    """A batch of points from the GPS platform; the alert rules run on the whole batch."""
    try:
        secret = gps_webhook_secret()
    except ImproperlyConfigured:  # a production server without the shared secret: refuse, loudly
        raise HttpError(503, "GPS telemetry is not configured on this server (AUTOLEND_GPS_WEBHOOK_SECRET)") from None
    verify_signature(request, secret)
    try:
        payload = json.loads(request.body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise HttpError(400, "the body is not JSON") from None
    return telemetry_ingest(telemetry_parse(payload)).as_json()
