"""Helpers for tests and the demo seed: a standard loan, two staff members, journal lines as text.

Not used by production code. ``disbursed_loan()`` books and disburses (maker ≠ checker) the
worked-example loan: 100,000.00 at 12% a year over 12 months, annuity (instalment 8,884.88).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from autolend.integrations.payments import SimulatedGateway
from autolend.ledger.chart import AccountRole as R
from autolend.ledger.models import JournalEntry
from autolend.ledger.selectors import trial_balance
from autolend.ledger.services import chart_ensure
from autolend.servicing.models import Installment, Loan
from autolend.servicing.postings import EntryBuilder
from autolend.servicing.selectors import reconcile_loans
from autolend.servicing.services import disbursement_approve, disbursement_request, loan_book
from autolend.servicing.terms import LoanSetup

DISBURSED = date(2024, 1, 15)


def standard_setup(**changes: Any) -> LoanSetup:
    """100,000.00 yuan at 12% a year, 12 monthly annuity instalments, with ``changes``."""
    values: dict[str, Any] = {"principal": Decimal("100000.00"), "annual_rate": Decimal("12"), "installments": 12}
    values.update(changes)
    return LoanSetup(**values)


def staff(username: str) -> Any:
    """A staff user (created on first use)."""
    from autolend.identity.models import Role, User

    user, _ = User.objects.get_or_create(username=username, defaults={"role": Role.OPERATIONS})
    return user


def book(setup: LoanSetup | None = None, *, on: date = DISBURSED, payee_account: str = "6222020000123456") -> Loan:
    return loan_book(setup or standard_setup(), borrower_name="Zhang San", dealer_name="Demo Motors",
                     payee_account=payee_account, business_date=on, actor=staff("maker"))


def disburse(loan: Loan, on: date = DISBURSED) -> Loan:
    request = disbursement_request(loan, staff("maker"), on)
    return disbursement_approve(request, staff("checker"), on)


def disbursed_loan(on: date = DISBURSED, **changes: Any) -> Loan:
    """Book and disburse ``standard_setup(**changes)`` on ``on``."""
    return disburse(book(standard_setup(**changes), on=on), on)


def lines(entry: JournalEntry | None) -> list[tuple[str, str, Decimal]]:
    """An entry as an accountant reads it: [("Dr", "1002", 8884.88), ("Cr", "1132", 1000.00), ...]."""
    if entry is None:
        return []
    return [
        ("Dr", line.account.code, line.debit) if line.debit else ("Cr", line.account.code, line.credit)
        for line in entry.lines.select_related("account").order_by("pk")
    ]


def dues(loan: Loan) -> list[Installment]:
    """The loan's current dues, by due date."""
    return list(Installment.objects.filter(loan=loan, is_current=True).order_by("due_date", "n", "pk"))


def assert_books_clean() -> None:
    """Every loan's balances = its dues = its subledger, and the trial balance balances."""
    _, differences = reconcile_loans()
    assert not differences, [d.as_json() for d in differences]
    assert trial_balance().balanced


def fresh_books() -> None:
    """Before a test: the default chart exists (transactional tests flush it) and the simulated
    gateway has forgotten earlier tests' payouts (loan numbers restart with the database)."""
    chart_ensure()
    SimulatedGateway.reset()


def accrue_interest(loan: Loan, n: int, amount: Decimal, on: date) -> None:
    """Stand-in for EOD's accrual in tests: Dr interest receivable / Cr interest income on due ``n``."""
    EntryBuilder(loan.product_code, loan.number).debit(R.INTEREST_RECEIVABLE, amount).credit(
        R.INTEREST_INCOME, amount).post(entry_date=on, kind="accrual", description="test accrual")
    row = Installment.objects.get(loan=loan, is_current=True, n=n)
    row.interest_accrued += amount
    row.save(update_fields=["interest_accrued"])
    loan.refresh_from_db()
    loan.interest_receivable += amount
    loan.accrued_through = on
    loan.save(update_fields=["interest_receivable", "accrued_through"])


def hold_provision(loan: Loan, amount: Decimal, on: date) -> None:
    """Stand-in for EOD's provisioning in tests: Dr credit impairment losses / Cr loan-loss allowance."""
    EntryBuilder(loan.product_code, loan.number).debit(R.PROVISION_EXPENSE, amount).credit(
        R.LOAN_LOSS_ALLOWANCE, amount).post(entry_date=on, kind="provision", description="test provision")
    loan.refresh_from_db()
    loan.provision += amount
    loan.save(update_fields=["provision"])


def books(as_of: date | None = None) -> dict[str, Decimal]:
    """Balance of every account by code (signed by its normal side)."""
    return {a.code: a.balance for a in trial_balance(as_of).accounts}
