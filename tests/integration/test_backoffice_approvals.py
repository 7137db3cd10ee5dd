"""The approval queue: the maker's own approval shows the maker-checker error (403) and changes
nothing; another person approves and the loan is disbursed; a rejection is recorded."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.integration.interfaces_fixtures import (
    pending_loan,
    signed_in,
)

from autolend.identity.models import Role
from autolend.integrations.payments import SimulatedGateway
from autolend.servicing.models import ApprovalRequest, Loan, LoanStatus
from autolend.servicing.testing import fresh_books

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_id() -> Iterator[int]:
    fresh_books()
    pending_loan()
    ops = signed_in(Role.OPERATIONS)
    asked = ops.post("/backoffice/loans/AL00000001/disbursement-requests/")
    assert asked.status_code == 302 and asked["Location"] == "/backoffice/approvals/"
    yield int(ApprovalRequest.objects.get().pk)
    SimulatedGateway.reset()  # the rolled-back payout must not refuse a later test's


def test_the_queue_lists_the_request(request_id: int) -> None:
    html = signed_in(Role.FINANCE).get("/backoffice/approvals/").content.decode()
    assert "AL00000001" in html and f"/backoffice/approvals/{request_id}/approve/" in html


def test_the_maker_sees_the_error(request_id: int) -> None:
    response = signed_in(Role.OPERATIONS).post(f"/backoffice/approvals/{request_id}/approve/",
                                               headers={"Accept-Language": "en"})
    assert response.status_code == 403
    assert "The maker of a request cannot approve it" in response.content.decode()
    assert Loan.objects.get().status == LoanStatus.PENDING_DISBURSEMENT


def test_another_person_approves(request_id: int) -> None:
    response = signed_in(Role.FINANCE).post(f"/backoffice/approvals/{request_id}/approve/", follow=True,
                                            headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert f"Request {request_id} approved." in response.content.decode()
    assert Loan.objects.get().status == LoanStatus.ACTIVE
    again = signed_in(Role.ADMIN, "admin").post(f"/backoffice/approvals/{request_id}/approve/")
    assert again.status_code == 409


def test_a_rejection_is_recorded(request_id: int) -> None:
    response = signed_in(Role.FINANCE).post(f"/backoffice/approvals/{request_id}/reject/",
                                            {"reason": "payee account unverified"})
    assert response.status_code == 302
    decided = ApprovalRequest.objects.get()
    assert (decided.status, decided.reason, decided.checker.username) == (
        "rejected", "payee account unverified", "finance")
