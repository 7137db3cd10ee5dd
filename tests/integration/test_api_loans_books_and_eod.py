"""GET /api/v1/ledger/trial-balance and /reconcile (ledger.view), POST /eod (eod.run: operations,
admin): the same JSON as the CLI; EOD for a date that is not the business date is a 409."""

from __future__ import annotations

from datetime import date

import pytest
from tests.integration.interfaces_fixtures import (
    active_loan,
    business_date_set,
    post_json,
    signed_in,
)

from autolend.identity.models import Role
from autolend.servicing.selectors import business_date_current
from autolend.servicing.testing import fresh_books

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def loan() -> None:
    fresh_books()
    active_loan()


def test_trial_balance_and_reconcile() -> None:
    finance = signed_in(Role.FINANCE)
    tb = finance.get("/api/v1/ledger/trial-balance").json()
    assert (tb["total_debit"], tb["total_credit"], tb["balanced"]) == ("100000.00", "100000.00", True)
    assert {a["code"] for a in tb["accounts"]} >= {"1301", "1002"}
    before = finance.get("/api/v1/ledger/trial-balance?as_of=2024-01-14").json()
    assert before["total_debit"] == "0.00" and before["as_of"] == "2024-01-14"
    report = finance.get("/api/v1/reconcile").json()
    assert (report["ok"], report["loans_checked"], report["differences"]) == (True, 1, [])


def test_eod_for_operations_only() -> None:
    business_date_set(date(2024, 1, 15))
    body = {"date": "2024-01-15", "to": "2024-01-16"}
    assert post_json(signed_in(Role.FINANCE), "/api/v1/eod", body).status_code == 403
    response = post_json(signed_in(Role.OPERATIONS), "/api/v1/eod", body)
    assert response.status_code == 200
    assert [(d["business_date"], d["skipped"]) for d in response.json()] == [
        ("2024-01-15", False), ("2024-01-16", False)]
    assert business_date_current() == date(2024, 1, 17)


def test_eod_out_of_turn_is_409() -> None:
    response = post_json(signed_in(Role.OPERATIONS), "/api/v1/eod", {"date": "2024-03-01"})
    assert response.status_code == 409 and "2024-02-15" in response.json()["detail"]
    bad = post_json(signed_in(Role.OPERATIONS), "/api/v1/eod", {"date": "2024-02-15", "to": "2024-02-01"})
    assert bad.status_code == 422
