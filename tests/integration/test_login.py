"""Signing in and out with a demo account: customers with a password, staff then a code."""

from __future__ import annotations

import pytest
from django.test import Client

from autolend.identity.services import DEMO_PASSWORD, demo_users_seed

pytestmark = pytest.mark.django_db


def test_login_page_renders_in_chinese(client: Client) -> None:
    page = client.get("/accounts/login/").content.decode()
    assert "登录" in page and "用户名" in page and DEMO_PASSWORD in page
    assert "员工：用 <code>autolend demo otp &lt;用户名&gt;</code> 获取验证码。" in page  # the demo hint


def test_a_borrower_signs_in_and_out(client: Client) -> None:
    demo_users_seed()
    response = client.post("/accounts/login/", {"username": "borrower", "password": DEMO_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert "退出登录（borrower）" in client.get("/").content.decode()

    assert client.post("/accounts/logout/").status_code == 302
    assert "退出登录" not in client.get("/").content.decode()


def test_staff_go_on_to_the_code_step(client: Client) -> None:
    demo_users_seed()
    response = client.post("/accounts/login/", {"username": "underwriter", "password": DEMO_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/accounts/two-factor/?next=%2F"


def test_wrong_password_is_refused(client: Client) -> None:
    demo_users_seed()
    response = client.post("/accounts/login/", {"username": "admin", "password": "nope"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_the_admin_site_signs_in_here(client: Client) -> None:
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=/admin/"
