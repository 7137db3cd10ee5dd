"""Invalid resident ID, VIN, mobile and amounts are a 422 naming each field, in the caller's
language (简体中文 by default, English with Accept-Language: en); nothing is written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from autolend.origination import testing as t
from autolend.origination.models import Application
from autolend.origination.services import partner_token_issue
from autolend.parties.models import Borrower

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    t.configure(settings, tmp_path)
    t.seed_catalogue()


@pytest.fixture
def token() -> str:
    return partner_token_issue("Partner")[1]


def body(applicant: dict[str, Any] | None = None, vehicle: dict[str, Any] | None = None,
         purchase: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "applicant": {"name": "赵磊", "resident_id": t.unique_resident_id(), "mobile": "13912345678",
                      "monthly_income": "22000", **(applicant or {})},
        "consent": t.CONSENT,
        "vehicle": {"vin": t.vin(), "make": "大众", "model": "朗逸", "year": 2025, "condition": "new", **(vehicle or {})},
        "purchase": {"product_code": "NEWCAR", "price": "150000", "down_payment": "45000", "amount": "105000",
                     "term_months": 36, **(purchase or {})},
    }


def post(client: Client, token: str, payload: dict[str, Any], language: str | None = None) -> Any:
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    return client.post("/api/v1/applications", payload, content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {token}", **headers)


def errors(response: Any) -> dict[str, str]:
    assert response.status_code == 422, response.content
    return {".".join(item["loc"][2:]): item["msg"] for item in response.json()["detail"]}


def test_every_bad_field_is_named_in_chinese(client: Client, token: str) -> None:
    found = errors(post(client, token, body(
        applicant={"resident_id": "110105198805040019", "mobile": "12345678901"},
        vehicle={"vin": "LSVAU2181SN183294"},  # check digit 1, should be 7
        purchase={"amount": "-5", "price": "abc", "term_months": 0})))
    assert found["applicant.resident_id"] == "居民身份证号码校验位不正确，请核对号码。"
    assert found["applicant.mobile"] == "请输入以13至19开头的11位大陆手机号码。"
    assert found["vehicle.vin"] == "第 9 位校验位为 1,按 GB 16735 / ISO 3779 计算应为 7"
    assert found["purchase.amount"] == "请输入贷款金额（元）：大于0，精确到分。"
    assert found["purchase.price"] == "请输入车辆价格（元）：大于0，精确到分。"
    assert found["purchase.term_months"] == "请输入1至120个月的期限。"
    assert not Application.objects.exists() and not Borrower.objects.exists()


def test_messages_are_english_when_asked(client: Client, token: str) -> None:
    found = errors(post(client, token, body(vehicle={"vin": "LSVAU2187SN18329"},
                                            purchase={"down_payment": "150000"}), language="en"))
    assert found == {"vehicle.vin": "VIN must have 17 characters, got 16",
                     "purchase.down_payment": "The down payment must be less than the price."}


def test_amount_over_price_less_down_payment(client: Client, token: str) -> None:
    found = errors(post(client, token, body(purchase={"amount": "120000"}), language="en"))
    assert found == {"purchase.amount": "The loan amount cannot exceed the price less the down payment."}


def test_fen_precision_and_unknown_product(client: Client, token: str) -> None:
    found = errors(post(client, token, body(purchase={"amount": "100000.001", "product_code": "NOPE"}), "en"))
    assert set(found) == {"purchase.amount", "purchase.product_code"}


def test_missing_consent_is_named(client: Client, token: str) -> None:
    payload = body()
    del payload["consent"]
    assert errors(post(client, token, payload, "en")) == {
        "consent": "The applicant's credit report authorization is required."}
