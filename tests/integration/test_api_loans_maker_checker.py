"""Maker-checker through the API: operations asks for a disbursement (201); the same person
approving it is a 403 saying why and changes nothing; finance approves (200, the loan is active);
a second decision is a 409; a maker may withdraw their own request; roles without the approve
permission are 403."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.integration.interfaces_fixtures import (
    pending_loan,
    post_json,
    signed_in,
)

from autolend.identity.models import Role
from autolend.integrations.payments import SimulatedGateway
from autolend.servicing.models import ApprovalRequest, Loan, LoanStatus
from autolend.servicing.testing import fresh_books

pytestmark = pytest.mark.django_db

LOAN = "/api/v1/loans/AL00000001"


@pytest.fixture
def request_id() -> Iterator[int]:
    fresh_books()
    pending_loan()
    response = post_json(signed_in(Role.OPERATIONS), f"{LOAN}/disbursement-requests", {})
    assert response.status_code == 201
    body = response.json()
    assert (body["kind"], body["status"], body["maker"], body["loan"]) == (
        "disbursement", "pending", "operations", "AL00000001")
    assert body["payload"]["payout"] == "100000.00"
    yield int(body["id"])
    SimulatedGateway.reset()  # the rolled-back payout must not refuse a later test's


def test_the_maker_cannot_approve(request_id: int) -> None:
    response = post_json(signed_in(Role.OPERATIONS), f"/api/v1/approvals/{request_id}/approve", {})
    assert response.status_code == 403
    assert "maker" in response.json()["detail"]
    assert Loan.objects.get().status == LoanStatus.PENDING_DISBURSEMENT
    assert ApprovalRequest.objects.get().status == "pending"


def test_another_person_approves_once(request_id: int) -> None:
    finance = signed_in(Role.FINANCE)
    approved = post_json(finance, f"/api/v1/approvals/{request_id}/approve", {})
    assert approved.status_code == 200
    assert (approved.json()["status"], approved.json()["checker"]) == ("approved", "finance")
    assert Loan.objects.get().status == LoanStatus.ACTIVE
    again = post_json(signed_in(Role.ADMIN, "admin"), f"/api/v1/approvals/{request_id}/approve", {})
    assert again.status_code == 409


def test_a_second_request_is_409(request_id: int) -> None:
    response = post_json(signed_in(Role.OPERATIONS), f"{LOAN}/disbursement-requests", {})
    assert response.status_code == 409 and "pending" in response.json()["detail"]


def test_roles_without_the_permission_are_403(request_id: int) -> None:
    assert post_json(signed_in(Role.COLLECTOR), f"/api/v1/approvals/{request_id}/approve", {}).status_code == 403
    assert post_json(signed_in(Role.AUDITOR), f"/api/v1/approvals/{request_id}/reject", {}).status_code == 403
    assert post_json(signed_in(Role.FINANCE), f"{LOAN}/disbursement-requests", {}).status_code == 403
    assert post_json(signed_in(Role.FINANCE), "/api/v1/approvals/999/approve", {}).status_code == 404


def test_reject_or_withdraw(request_id: int) -> None:
    withdrawn = post_json(signed_in(Role.OPERATIONS), f"/api/v1/approvals/{request_id}/reject",
                          {"reason": "wrong payee account"})
    assert withdrawn.status_code == 200
    assert (withdrawn.json()["status"], withdrawn.json()["reason"]) == ("rejected", "wrong payee account")
    assert Loan.objects.get().status == LoanStatus.PENDING_DISBURSEMENT
