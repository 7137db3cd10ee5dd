"""Reads: a loan's detail (schedule with row status, transactions, journal lines), the loan list,
the outstanding balances, and the reconcile check catching a loan whose books disagree."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal as D

import pytest

from autolend.servicing.models import Installment, Loan
from autolend.servicing.selectors import (
    loan_detail,
    loan_outstanding,
    loans_list,
    reconcile_report,
    subledger_vs_ledger,
)
from autolend.servicing.services import repayment_post
from autolend.servicing.testing import assert_books_clean, book, disbursed_loan, fresh_books

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clean_books() -> Iterator[None]:
    fresh_books()
    yield
    assert_books_clean()


def test_loan_detail_shows_the_schedule_with_a_status_per_row() -> None:
    loan = disbursed_loan()
    repayment_post(loan.number, "8884.88", date(2024, 2, 15), "p1")
    repayment_post(loan.number, "100.00", date(2024, 3, 20), "p2")
    detail = loan_detail(loan.number, as_of=date(2024, 5, 15))
    assert [row["status"] for row in detail["schedule"][:5]] == ["paid", "partial", "overdue", "due", "future"]
    second = detail["schedule"][1]
    assert (second["interest_paid"], second["owed"], second["total"]) == ("100.00", "8784.88", "8884.88")
    assert [t["kind"] for t in detail["transactions"]] == ["disbursement", "payout", "repayment", "repayment"]
    assert {line["account"] for line in detail["journal_lines"]} == {"1301", "2202", "1002", "6011"}
    assert detail["principal_outstanding"] == "92115.12" and detail["status"] == "active"
    json.dumps(detail)  # plain JSON: amounts are decimal strings


def test_loans_list_and_outstanding() -> None:
    first = disbursed_loan()
    book()
    repayment_post(first.number, "9000.00", date(2024, 2, 15), "p1")
    rows = loans_list()
    assert rows == [
        {"number": "AL00000001", "status": "active", "principal_outstanding": "92115.12",
         "total_outstanding": "92115.12", "days_past_due": 0, "classification": "normal"},
        {"number": "AL00000002", "status": "pending_disbursement", "principal_outstanding": "0.00",
         "total_outstanding": "0.00", "days_past_due": 0, "classification": "normal"},
    ]
    assert [r["number"] for r in loans_list(status="pending_disbursement")] == ["AL00000002"]
    first.refresh_from_db()
    assert loan_outstanding(first).as_json()["credit_balance"] == "115.12"


def test_the_reconcile_check_finds_a_loan_whose_books_disagree() -> None:
    loan = disbursed_loan()
    assert subledger_vs_ledger(loan) == [] and reconcile_report()["ok"]
    Loan.objects.filter(pk=loan.pk).update(principal_outstanding=D("99999.99"))
    checks = {d.check for d in subledger_vs_ledger(loan)}
    assert checks == {"ledger 1301 vs principal_outstanding", "dues vs principal_outstanding"}
    Loan.objects.filter(pk=loan.pk).update(principal_outstanding=D("100000.00"))
    Installment.objects.filter(loan=loan, n=1).update(interest_accrued=D("5.00"))
    report = reconcile_report()
    assert not report["ok"] and report["loans_checked"] == 1
    assert report["differences"] == [
        {"loan": loan.number, "check": "dues vs interest_receivable", "expected": "0.00", "actual": "5.00"},
    ]
    Installment.objects.filter(loan=loan, n=1).update(interest_accrued=D("0.00"))
