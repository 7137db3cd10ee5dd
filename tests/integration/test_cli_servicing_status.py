"""`autolend status --json`: the business date, every status counted, overdue dues and the books,
on an empty database (migrated first, in a real process) and on a book with an overdue loan."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from tests.integration.interfaces_fixtures import active_loan, business_date_set, run_json

from autolend.servicing.models import LoanStatus
from autolend.servicing.testing import fresh_books

KEYS = {"business_date", "loans", "loans_total", "loans_overdue", "dues_overdue", "principal_outstanding",
        "dpd_buckets", "classification", "approvals_pending", "journal_entries", "trial_balance_ok"}


def test_an_empty_database_is_migrated_first(tmp_path: Path) -> None:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("AUTOLEND_", "DATABASE_"))}
    environ.update(AUTOLEND_HOME=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path / 'status.sqlite3'}")
    result = subprocess.run([sys.executable, "-m", "autolend", "status", "--json"], cwd=tmp_path, env=environ,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    assert set(status) == KEYS
    assert status["business_date"] is None
    assert status["loans"] == {s.value: 0 for s in LoanStatus}
    assert (status["dues_overdue"], status["journal_entries"], status["trial_balance_ok"]) == (0, 0, True)


@pytest.mark.django_db
def test_counts_an_active_loan_and_its_overdue_due(capsys: pytest.CaptureFixture[str]) -> None:
    fresh_books()
    active_loan()
    business_date_set(date(2024, 2, 20))  # instalment 1 (due 02-15) unpaid
    status = run_json(capsys, "status", "--json")
    assert status["business_date"] == "2024-02-20"
    assert status["loans"]["active"] == 1 and status["loans_total"] == 1
    assert status["dues_overdue"] == 1
    assert status["principal_outstanding"] == "100000.00"
    assert status["journal_entries"] == 2  # disbursement and payout
    assert status["trial_balance_ok"] is True
