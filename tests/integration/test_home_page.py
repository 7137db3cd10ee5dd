"""The home page speaks Chinese by default and English on request; the API answers beside it."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client

pytestmark = pytest.mark.django_db


def test_home_page_is_in_chinese_by_default(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response["Content-Language"] == "zh-hans"
    page = response.content.decode()
    assert '<html lang="zh-hans">' in page
    for text in ("汽车金融", "互联网汽车金融平台", "贷款计算器", "API 文档", "登录"):
        assert text in page
    for link in ('href="/calculator/"', 'href="/api/v1/docs"', 'href="/accounts/login/"'):
        assert link in page
    assert "/static/web/autolend.css" in page


def test_home_page_in_english_from_the_browser_language(client: Client) -> None:
    page = client.get("/", headers={"accept-language": "en"}).content.decode()
    assert '<html lang="en">' in page
    for text in ("Internet auto finance platform", "Loan calculator", "API documentation"):
        assert text in page
    assert "贷款计算器" not in page


def test_language_switcher_sets_english(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert "Loan calculator" in client.get("/").content.decode()


def test_stylesheet_is_served_locally(client: Client) -> None:
    response = client.get("/static/web/autolend.css")
    assert response.status_code == 200
    assert b"--brand" in b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_security_headers(client: Client) -> None:
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_health(client: Client) -> None:
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": connection.vendor}


def test_api_docs_are_served_without_a_cdn(client: Client) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert b"cdn.jsdelivr" not in response.content and b"unpkg" not in response.content


def test_openapi_schema_lists_health(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "autolend API"
    assert "/api/v1/health" in schema["paths"]


def test_unknown_api_path_is_json_404(client: Client) -> None:
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_home_page_has_an_entry_point_per_audience(client: Client) -> None:
    page = client.get("/").content.decode()
    for link in ('href="/portal/apply/"', 'href="/portal/"', 'href="/portal/register/"', 'href="/dealer/"',
                 'href="/backoffice/"', 'href="/accounts/login/"', 'href="/calculator/"'):
        assert link in page, link
    for text in ("借款人", "申请贷款", "我的申请与贷款", "经销商门户", "员工", ">后台</a>", "员工登录", "贷款计算器"):
        assert text in page, text
    english = client.get("/", headers={"accept-language": "en"}).content.decode()
    for text in ("Borrowers", "Apply for a loan", "My applications and loans", "Dealer portal", "Back office",
                 "Staff sign in", "Loan calculator"):
        assert text in english, text


def test_demo_home_page_says_how_each_account_signs_in(client: Client, settings: Any) -> None:
    from autolend.identity.models import Role, User

    settings.AUTOLEND_DEMO = True
    User.objects.create(username="borrower", role=Role.BORROWER, phone="13912345678")
    page = client.get("/", headers={"accept-language": "en"}).content.decode()
    assert "with the mobile number <code>13912345678</code>" in page
    assert 'the SMS code is shown at <a href="/portal/sms/">/portal/sms/</a>' in page
    assert "Dealer: username dealer, in the dealer portal." in page
    assert "<code>autolend demo otp &lt;username&gt;</code>" in page
    settings.AUTOLEND_DEMO = False
    assert "13912345678" not in client.get("/").content.decode()
