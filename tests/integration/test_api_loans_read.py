"""GET /api/v1/loans/ (filters), /loans/{number} (detail) and /loans/{number}/payoff-quote:
amounts as decimal strings; an unknown loan 404, an unknown filter 422 naming it."""

from __future__ import annotations

import pytest
from tests.integration.interfaces_fixtures import active_loan, signed_in

from autolend.identity.models import Role
from autolend.servicing.testing import book, fresh_books

pytestmark = pytest.mark.django_db


@pytest.fixture
def ops() -> object:
    fresh_books()
    active_loan()
    book()
    return signed_in(Role.OPERATIONS)


def test_the_list_and_its_filters(ops: object) -> None:
    rows = ops.get("/api/v1/loans/").json()  # type: ignore[attr-defined]
    assert [(r["number"], r["status"], r["principal_outstanding"]) for r in rows] == [
        ("AL00000001", "active", "100000.00"), ("AL00000002", "pending_disbursement", "0.00")]
    assert rows[0]["dpd_bucket"] == "M0" and rows[0]["borrower_name"] == "Zhang San"
    active = ops.get("/api/v1/loans/?status=active").json()  # type: ignore[attr-defined]
    assert [r["number"] for r in active] == ["AL00000001"]
    assert ops.get("/api/v1/loans/?bucket=M2").json() == []  # type: ignore[attr-defined]
    assert len(ops.get("/api/v1/loans/?limit=1&offset=1").json()) == 1  # type: ignore[attr-defined]


def test_an_unknown_filter_is_422(ops: object) -> None:
    response = ops.get("/api/v1/loans/?status=asleep")  # type: ignore[attr-defined]
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "status"]


def test_the_detail(ops: object) -> None:
    loan = ops.get("/api/v1/loans/AL00000001").json()  # type: ignore[attr-defined]
    assert loan["number"] == "AL00000001" and loan["as_of"] == "2024-02-15"
    assert len(loan["schedule"]) == 12 and loan["schedule"][0]["status"] == "due"
    assert [t["kind"] for t in loan["transactions"]] == ["disbursement", "payout"]
    assert loan["journal_lines"]
    assert ops.get("/api/v1/loans/AL404").status_code == 404  # type: ignore[attr-defined]


def test_the_payoff_quote(ops: object) -> None:
    quote = ops.get("/api/v1/loans/AL00000001/payoff-quote").json()  # type: ignore[attr-defined]
    assert quote["as_of"] == quote["valid_until"] == "2024-02-15"
    assert quote["total"] == "101000.00"  # all principal + instalment 1's interest, no settlement fee
    later = ops.get("/api/v1/loans/AL00000001/payoff-quote?valid_until=2024-02-20").json()  # type: ignore[attr-defined]
    assert later["valid_until"] == "2024-02-20"
    pending = ops.get("/api/v1/loans/AL00000002/payoff-quote")  # type: ignore[attr-defined]
    assert pending.status_code == 409
