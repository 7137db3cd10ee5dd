"""`autolend reconcile --json`: ok with exit 0 on clean books; after an entry that moves a loan's
principal receivable without the loan (balanced, so the trial balance still balances), exit 1
with the difference naming the loan and the account."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from tests.integration.interfaces_fixtures import active_loan, run, run_json

from autolend.ledger.rules import Leg
from autolend.ledger.services import journal_post
from autolend.servicing.testing import fresh_books

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def loan() -> None:
    fresh_books()
    active_loan()


def test_clean_books_are_ok(capsys: pytest.CaptureFixture[str]) -> None:
    report = run_json(capsys, "reconcile", "--json")
    assert (report["ok"], report["loans_checked"], report["differences"]) == (True, 1, [])


def test_a_tampered_subledger_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    journal_post(entry_date=date(2024, 2, 1), kind="manual", description="tampering", legs=[
        Leg("1301", debit=Decimal("500.00"), subledger="AL00000001"), Leg("1002", credit=Decimal("500.00"))])
    status, out, err = run(capsys, "reconcile", "--json")
    report = json.loads(out)
    assert status == 1 and "do not agree" in err
    assert report["ok"] is False and report["trial_balance_balanced"] is True
    assert report["differences"] == [{"loan": "AL00000001", "check": "ledger 1301 vs principal_outstanding",
                                      "expected": "100000.00", "actual": "100500.00"}]
