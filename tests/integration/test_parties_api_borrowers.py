"""POST /api/v1/parties/borrowers: public registration; 422 names each field, in the user's
language (zh-Hans by default, English with Accept-Language: en)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import path
from ninja import NinjaAPI

from autolend.api.errors import install_exception_handlers
from autolend.parties.api import router

api = NinjaAPI(urls_namespace="test-parties-borrowers")
install_exception_handlers(api)
api.add_router("/parties/", router)
urlpatterns = [path("api/v1/", api.urls)]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

VALID = {"name": "张伟", "resident_id": "11010519491231002X", "mobile": "13800138000", "monthly_income": "15000"}


def post(client: Client, body: dict[str, Any], language: str | None = None) -> Any:
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    return client.post("/api/v1/parties/borrowers", data=body, content_type="application/json", **headers)


def messages(response: Any) -> dict[str, str]:
    return {item["loc"][-1]: item["msg"] for item in response.json()["detail"]}


def test_anyone_can_register_and_sees_masked_identifiers(client: Client) -> None:
    response = post(client, VALID)
    assert response.status_code == 201
    body = response.json()
    assert body["resident_id"] == "1101**********002X" and body["mobile"] == "138****8000"
    assert (body["birth_date"], body["sex"], body["kyc_status"]) == ("1949-12-31", "female", "pending")


def test_errors_are_in_chinese_by_default(client: Client) -> None:
    response = post(client, {**VALID, "resident_id": "110105194912310021", "mobile": "12345678901"})
    assert response.status_code == 422
    assert messages(response) == {
        "resident_id": "居民身份证号码校验位不正确，请核对号码。",
        "mobile": "请输入以13至19开头的11位大陆手机号码。",
    }
    assert {item["code"] for item in response.json()["detail"]} == {"resident_id_checksum", "mobile_format"}


def test_errors_are_in_english_when_asked(client: Client) -> None:
    response = post(client, {**VALID, "resident_id": "110105491231002"}, language="en")
    assert response.status_code == 422
    assert messages(response) == {"resident_id": "15-digit ID numbers are no longer valid: enter the 18-digit number."}


def test_a_duplicate_is_a_422_on_the_resident_id(client: Client) -> None:
    assert post(client, VALID).status_code == 201
    response = post(client, VALID, language="en")
    assert response.status_code == 422
    assert messages(response) == {"resident_id": "A borrower with this resident ID number is already registered."}
    assert messages(post(client, VALID)) == {"resident_id": "该身份证号码的借款人已登记。"}


def test_the_endpoints_are_in_the_openapi_document(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/parties/borrowers", "/api/v1/parties/dealers", "/api/v1/parties/borrowers/{borrower_id}/consents",
            "/api/v1/parties/borrowers/{borrower_id}/identity-checks"} <= set(paths)
