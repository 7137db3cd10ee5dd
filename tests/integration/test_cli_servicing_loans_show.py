"""`autolend loans show NUMBER --json`: the list row plus the schedule (with each due's status),
the transactions and the journal lines; an unknown loan exits 2."""

from __future__ import annotations

import pytest
from tests.integration.interfaces_fixtures import INSTALMENT, active_loan, run, run_json

from autolend.servicing.testing import fresh_books

pytestmark = pytest.mark.django_db


def test_the_loan_with_schedule_transactions_and_journal_lines(capsys: pytest.CaptureFixture[str]) -> None:
    fresh_books()
    active_loan()
    loan = run_json(capsys, "loans", "show", "AL00000001", "--json")
    assert {"number", "status", "principal_outstanding", "total_outstanding", "days_past_due",
            "classification", "schedule", "transactions", "journal_lines", "terms"} <= set(loan)
    assert len(loan["schedule"]) == 12
    first = loan["schedule"][0]
    assert (first["due_date"], first["total"], first["status"]) == ("2024-02-15", INSTALMENT, "due")
    assert loan["schedule"][1]["status"] == "future"
    assert [t["kind"] for t in loan["transactions"]] == ["disbursement", "payout"]
    assert {(line["account"], line["debit"], line["credit"]) for line in loan["journal_lines"]} >= {
        ("1301", "100000.00", "0.00"), ("2202", "0.00", "100000.00")}


def test_an_unknown_loan_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    fresh_books()
    status, out, err = run(capsys, "loans", "show", "AL404", "--json")
    assert (status, out) == (2, "")
    assert err.strip() == "autolend: error: --loan: no loan AL404"
