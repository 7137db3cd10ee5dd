"""`POST /api/v1/gps/telemetry` accepts only requests signed with the shared secret: missing
headers, a wrong secret, an altered body or a stale timestamp are 401 and store nothing; a good
request stores the points and answers the counts; a malformed batch is 400."""

from __future__ import annotations

import json
import time

import pytest
from django.test import Client

from autolend.collateral.models import GpsPoint
from autolend.collateral.testing import car_for, parked, tracker, utc
from autolend.integrations.gps import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign, signed_request

pytestmark = pytest.mark.django_db
URL = "/api/v1/gps/telemetry"
SECRET = b"shared-secret-for-tests"


@pytest.fixture(autouse=True)
def secret(settings: pytest.FixtureRequest) -> None:
    settings.AUTOLEND_GPS_WEBHOOK_SECRET = SECRET.decode()  # type: ignore[attr-defined]


def send(body: bytes, headers: dict[str, str]) -> object:
    extra = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}
    return Client().post(URL, data=body, content_type="application/json", **extra)


def test_signed_batch_is_stored() -> None:
    device = tracker(car_for(None))
    body, headers = signed_request(parked(device, utc(2024, 6, 1), 2), SECRET, int(time.time()))
    response = send(body, headers)
    assert response.status_code == 200, response.content  # type: ignore[attr-defined]
    assert response.json()["stored"] == 5 and GpsPoint.objects.count() == 5  # type: ignore[attr-defined]


@pytest.mark.parametrize("case", ["unsigned", "wrong secret", "altered body", "stale", "not hex"])
def test_refused_signatures_store_nothing(case: str) -> None:
    device = tracker(car_for(None))
    now = int(time.time())
    body, headers = signed_request(parked(device, utc(2024, 6, 1), 2), SECRET, now)
    if case == "unsigned":
        headers = {}
    elif case == "wrong secret":
        headers[SIGNATURE_HEADER] = sign(body, b"guess", now)
    elif case == "altered body":
        body = body.replace(b'"tamper":false', b'"tamper":true ', 1)
    elif case == "stale":
        old = now - 3600
        headers = {SIGNATURE_HEADER: sign(body, SECRET, old), TIMESTAMP_HEADER: str(old)}
    else:
        headers[SIGNATURE_HEADER] = "sha256=zz"
    response = send(body, headers)
    assert response.status_code == 401  # type: ignore[attr-defined]
    assert "detail" in response.json() and GpsPoint.objects.count() == 0  # type: ignore[attr-defined]


def test_a_malformed_batch_is_400() -> None:
    now = int(time.time())
    body = json.dumps({"points": [{"device": "x", "time": "2024-06-01T00:00:00", "lat": 1, "lon": 2}]}).encode()
    response = send(body, {SIGNATURE_HEADER: sign(body, SECRET, now), TIMESTAMP_HEADER: str(now)})
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert response.json()["detail"][0]["loc"] == ["body", "points[0].time"]  # type: ignore[attr-defined]


def test_a_server_without_the_secret_answers_503_not_500(client, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = False
    settings.AUTOLEND_GPS_WEBHOOK_SECRET = ""
    monkeypatch.delenv("AUTOLEND_GPS_WEBHOOK_SECRET", raising=False)
    response = client.post("/api/v1/gps/telemetry", data=b"{}", content_type="application/json")
    assert response.status_code == 503
    assert "AUTOLEND_GPS_WEBHOOK_SECRET" in response.json()["detail"]
