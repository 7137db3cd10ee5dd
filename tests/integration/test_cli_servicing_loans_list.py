"""`autolend loans list --json`: one row per loan with the contract's keys, amounts as decimal
strings, filtered by status or DPD bucket; an unknown filter exits 2 with one line."""

from __future__ import annotations

import pytest
from tests.integration.interfaces_fixtures import active_loan, run, run_json

from autolend.servicing.testing import book, fresh_books

pytestmark = pytest.mark.django_db

ROW_KEYS = ["number", "status", "principal_outstanding", "total_outstanding", "days_past_due", "classification"]


@pytest.fixture(autouse=True)
def two_loans() -> None:
    fresh_books()
    active_loan()
    book()  # a second loan, pending disbursement


def test_every_loan_with_the_contract_keys(capsys: pytest.CaptureFixture[str]) -> None:
    rows = run_json(capsys, "loans", "list", "--json")
    assert [list(row) for row in rows] == [ROW_KEYS, ROW_KEYS]
    first = rows[0]
    assert first == {"number": "AL00000001", "status": "active", "principal_outstanding": "100000.00",
                     "total_outstanding": "100000.00", "days_past_due": 0, "classification": "normal"}
    assert rows[1]["status"] == "pending_disbursement"


def test_filters_by_status_and_bucket(capsys: pytest.CaptureFixture[str]) -> None:
    assert [r["number"] for r in run_json(capsys, "loans", "list", "--status", "pending_disbursement", "--json")] \
        == ["AL00000002"]
    assert [r["number"] for r in run_json(capsys, "loans", "list", "--bucket", "M0", "--json")] == ["AL00000001"]
    assert run_json(capsys, "loans", "list", "--bucket", "M3", "--json") == []
    assert len(run_json(capsys, "loans", "list", "--limit", "1", "--json")) == 1


@pytest.mark.parametrize(("args", "message"), [
    (["--status", "sleeping"], "--status: must be one of"),
    (["--bucket", "M9"], "--bucket: must be one of"),
    (["--limit", "-1"], "not a whole number"),
])
def test_an_unknown_filter_exits_2(capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    status, out, err = run(capsys, "loans", "list", *args, "--json")
    assert status == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1
