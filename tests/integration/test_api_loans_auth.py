"""The servicing API's access: signed out 401 JSON, a borrower 403 JSON, staff allowed by role
(operations posts payments and runs EOD; an auditor reads but never writes)."""

from __future__ import annotations

import pytest
from django.test import Client
from tests.integration.interfaces_fixtures import INSTALMENT, active_loan, post_json, signed_in

from autolend.identity.models import Role
from autolend.servicing.testing import fresh_books

pytestmark = pytest.mark.django_db

READS = ["/api/v1/loans/", "/api/v1/loans/AL00000001", "/api/v1/loans/AL00000001/payoff-quote"]
PAYMENT = ("/api/v1/loans/AL00000001/payments", {"amount": INSTALMENT, "date": "2024-02-15"})


@pytest.fixture(autouse=True)
def loan() -> None:
    fresh_books()
    active_loan()


@pytest.mark.parametrize("url", [*READS, "/api/v1/reconcile", "/api/v1/ledger/trial-balance"])
def test_signed_out_is_401_json(url: str) -> None:
    response = Client().get(url, headers={"Accept-Language": "en"})
    assert response.status_code == 401
    assert response.json() == {"detail": "Sign in to use this endpoint."}


def test_signed_out_writes_are_401() -> None:
    assert post_json(Client(), *PAYMENT, **{"Idempotency-Key": "k"}).status_code == 401
    assert post_json(Client(), "/api/v1/eod", {"date": "2024-02-15"}).status_code == 401


@pytest.mark.parametrize("url", READS)
def test_a_borrower_is_403(url: str) -> None:
    response = signed_in(Role.BORROWER).get(url)
    assert response.status_code == 403
    assert "loan.view" in response.json()["detail"]


def test_operations_read_and_post() -> None:
    ops = signed_in(Role.OPERATIONS)
    for url in READS:
        assert ops.get(url).status_code == 200, url
    assert post_json(ops, *PAYMENT, **{"Idempotency-Key": "k"}).status_code == 201


def test_an_auditor_reads_but_cannot_post() -> None:
    auditor = signed_in(Role.AUDITOR)
    assert auditor.get(READS[1]).status_code == 200
    assert auditor.get("/api/v1/reconcile").status_code == 200
    response = post_json(auditor, *PAYMENT, **{"Idempotency-Key": "k"})
    assert response.status_code == 403 and "payment.post" in response.json()["detail"]
    assert post_json(auditor, "/api/v1/eod", {"date": "2024-02-15"}).status_code == 403


def test_a_collector_cannot_read_the_ledger() -> None:
    collector = signed_in(Role.COLLECTOR)
    assert collector.get(READS[0]).status_code == 200
    assert collector.get("/api/v1/ledger/trial-balance").status_code == 403


def test_messages_follow_the_language() -> None:
    response = Client().get(READS[0], headers={"Accept-Language": "zh-hans"})
    assert response.status_code == 401 and response.json()["detail"] == "请先登录再使用此接口。"
    refused = signed_in(Role.BORROWER, language="zh-hans").get(READS[0])
    assert refused.json()["detail"] == "您的角色无权执行此操作（loan.view）。"
