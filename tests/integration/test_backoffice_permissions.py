"""Back-office guards: signed out → the sign-in page; a borrower or dealer → 403 everywhere;
within staff, each page and action by its permission (collector: no ledger; auditor: reads only)."""

from __future__ import annotations

import pytest
from django.test import Client
from tests.integration.interfaces_fixtures import active_loan, signed_in

from autolend.identity.models import Role
from autolend.servicing.models import LoanTransaction
from autolend.servicing.testing import fresh_books

pytestmark = pytest.mark.django_db

PAGES = ["/backoffice/", "/backoffice/loans/", "/backoffice/loans/AL00000001/", "/backoffice/approvals/",
         "/backoffice/ledger/trial-balance/"]
ACTIONS = ["/backoffice/loans/AL00000001/payments/", "/backoffice/loans/AL00000001/disbursement-requests/",
           "/backoffice/approvals/1/approve/", "/backoffice/approvals/1/reject/"]


@pytest.fixture(autouse=True)
def loan() -> None:
    fresh_books()
    active_loan()


@pytest.mark.parametrize("url", PAGES + ACTIONS)
def test_signed_out_goes_to_sign_in(url: str) -> None:
    response = Client().get(url) if url in PAGES else Client().post(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("role", [Role.BORROWER, Role.DEALER])
@pytest.mark.parametrize("url", PAGES + ACTIONS)
def test_customers_are_refused(role: Role, url: str) -> None:
    client = signed_in(role)
    response = client.get(url) if url in PAGES else client.post(url)
    assert response.status_code == 403


def test_a_collector_sees_loans_but_not_the_ledger() -> None:
    collector = signed_in(Role.COLLECTOR)
    assert collector.get("/backoffice/loans/AL00000001/").status_code == 200
    assert 'id="journal"' not in collector.get("/backoffice/loans/AL00000001/").content.decode()
    assert collector.get("/backoffice/ledger/trial-balance/").status_code == 403


def test_an_auditor_cannot_post_a_payment() -> None:
    auditor = signed_in(Role.AUDITOR)
    assert 'name="amount"' not in auditor.get("/backoffice/loans/AL00000001/").content.decode()
    response = auditor.post("/backoffice/loans/AL00000001/payments/",
                            {"amount": "10", "date": "2024-02-15", "channel": "manual", "key": "k"})
    assert response.status_code == 403
    assert not LoanTransaction.objects.filter(kind="repayment").exists()


def test_actions_are_post_only() -> None:
    assert signed_in(Role.OPERATIONS).get(ACTIONS[0]).status_code == 405
