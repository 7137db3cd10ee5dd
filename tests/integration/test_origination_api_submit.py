"""POST /api/v1/applications with a partner token: the decision and its offers come back in the
same response; GET shows the status; the endpoints are in the OpenAPI document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from autolend.origination import testing as t
from autolend.origination.services import partner_token_issue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    t.configure(settings, tmp_path)
    t.seed_catalogue()


def body(**vehicle: Any) -> dict[str, Any]:
    return {
        "applicant": {"name": "赵磊", "resident_id": t.unique_resident_id(), "mobile": "13912345678",
                      "monthly_income": "22000", "employment_years": 6},
        "consent": t.CONSENT,
        "vehicle": {"vin": t.vin(), "make": "比亚迪", "model": "秦PLUS", "year": 2025, "condition": "new",
                    "new_energy": True, **vehicle},
        "purchase": {"product_code": "NEWCAR", "price": "160000", "down_payment": "40000", "amount": "120000",
                     "term_months": 36},
        "device_id": "dev-7f3a",
    }


def test_submit_returns_the_decision_and_offers(client: Client) -> None:
    _token, raw = partner_token_issue("Partner A")
    response = client.post("/api/v1/applications", body(), content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "approved" and data["decision"]["outcome"] == "approve"
    assert data["decision"]["grade"] in "ABCDE" and data["decision"]["model_version"].startswith("auto-pd v")
    offer = data["offers"][0]
    assert offer["label"] == "requested" and offer["amount"] == "120000.00" and offer["term_months"] == 36
    for key in ("instalment", "total_cost", "apr_simple", "apr_compound", "fee_upfront"):
        assert float(offer[key]) > 0
    assert {s["doc_type"] for s in data["stipulations"]} == {"id_card", "driving_licence"}
    again = client.get(f"/api/v1/applications/{data['id']}", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert again.status_code == 200 and again.json()["status"] == "approved"


def test_the_same_partner_reference_returns_the_same_application(client: Client) -> None:
    _token, raw = partner_token_issue("Partner B")
    payload = {**body(), "external_reference": "P-0001"}
    first = client.post("/api/v1/applications", payload, content_type="application/json",
                        HTTP_AUTHORIZATION=f"Bearer {raw}")
    second = client.post("/api/v1/applications", payload, content_type="application/json",
                         HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]


def test_without_credentials_it_is_401(client: Client) -> None:
    assert client.post("/api/v1/applications", body(), content_type="application/json").status_code == 401
    assert client.post("/api/v1/applications", body(), content_type="application/json",
                       HTTP_AUTHORIZATION="Bearer alp_not-a-token").status_code == 401


def test_the_endpoints_are_documented(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/applications", "/api/v1/applications/{application_id}",
            "/api/v1/applications/{application_id}/documents",
            "/api/v1/applications/{application_id}/offers/{offer_id}/accept",
            "/api/v1/applications/{application_id}/contract/sign"} <= set(paths)
