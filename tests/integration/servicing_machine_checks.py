"""What the servicing state machine reads from the database, and the checks it makes after every step.

``books_agree_with(reference)``: the trial balance balances; every loan's balances = its dues = its
subledger (``reconcile_loans``); nothing owed is negative; each loan's status, principal and
credit balance are the reference's; the bank account, principal receivable and customer
overpayment accounts hold what the reference expects; and every fen of each loan's cash is
accounted for (kept cash = paid on its dues + settlement fees + credit balance).
On PostgreSQL the ledger's commit-time balance trigger is fired after every step too.
``snapshot()`` is what a refused operation must leave unchanged.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Sum
from tests.integration.servicing_reference import ZERO, Owed, Reference

from autolend.audit.models import AuditEvent
from autolend.ledger.accounts import role_accounts
from autolend.ledger.chart import AccountRole as R
from autolend.ledger.models import JournalEntry, JournalLine
from autolend.ledger.selectors import trial_balance
from autolend.servicing.models import (
    ApprovalRequest,
    Installment,
    Loan,
    LoanTransaction,
    ScheduleVersion,
)
from autolend.servicing.selectors import reconcile_loans

LOAN_FIELDS = ("number", "status", "schedule_version", "principal_outstanding", "interest_receivable",
               "fee_receivable", "penalty_receivable", "credit_balance", "provision", "closed_on")
CASH_SIGNS = {"repayment": 1, "prepayment": 1, "payoff": 1, "recovery": 1, "payout": -1, "refund": -1, "reversal": -1}


def dues_owed(number: str) -> list[Owed]:
    """The loan's current dues and what each still owes."""
    rows = Installment.objects.filter(loan__number=number, is_current=True).order_by("due_date", "pk")
    return [
        Owed(row.pk, row.n, row.kind, row.from_date, row.due_date, row.principal - row.principal_paid,
             row.interest - row.interest_paid - row.interest_waived, row.fee - row.fee_paid - row.fee_waived,
             row.penalty - row.penalty_paid, row.settled_on is not None)
        for row in rows
    ]


def snapshot() -> tuple[Any, ...]:
    """Row counts and every loan's balances: what a refused operation must not change."""
    counts = tuple(model.objects.count() for model in (
        JournalEntry, JournalLine, LoanTransaction, Installment, ScheduleVersion, AuditEvent))
    requests = tuple(ApprovalRequest.objects.order_by("pk").values_list("pk", "status"))
    loans = tuple(Loan.objects.order_by("pk").values_list(*LOAN_FIELDS))
    paid = tuple(Installment.objects.order_by("pk").values_list(
        "pk", "is_current", "principal_paid", "interest_paid", "fee_paid", "penalty_paid", "interest_accrued",
        "fee_recognized", "interest_waived", "fee_waived", "settled_on"))
    return counts, requests, loans, paid


def books_agree_with(ref: Reference) -> None:
    _balance_trigger_fires_now()
    tb = trial_balance()
    assert tb.balanced, (tb.total_debit, tb.total_credit)
    codes = role_accounts("")
    balance = {a.code: a.balance for a in tb.accounts}
    assert balance[codes[R.BANK]] == ref.bank, "bank account vs the reference's cash"
    assert balance[codes[R.PRINCIPAL_RECEIVABLE]] == ref.principal, "principal receivable vs the reference"
    assert balance[codes[R.CUSTOMER_CREDIT]] == ref.credit, "customer overpayment vs the reference"
    _, differences = reconcile_loans()
    assert not differences, [d.as_json() for d in differences]
    paid_on_dues = _dues_never_negative()
    cash = _cash_by_loan()
    for loan in Loan.objects.order_by("pk"):
        mine = ref.loans[loan.number]
        assert (loan.status, loan.principal_outstanding, loan.credit_balance) == (
            mine.status, mine.principal_outstanding, mine.credit_balance), loan.number
        assert min(loan.principal_outstanding, loan.interest_receivable, loan.fee_receivable,
                   loan.penalty_receivable, loan.credit_balance, loan.provision) >= 0, loan.number
        assert cash.get(loan.number, ZERO) == mine.bank, f"{loan.number}: transactions vs the reference's cash"
        accounted = paid_on_dues.get(loan.pk, ZERO) + mine.settlement_fees + loan.credit_balance
        assert mine.kept == accounted, f"{loan.number}: cash kept {mine.kept} ≠ accounted for {accounted}"


def _balance_trigger_fires_now() -> None:
    """PostgreSQL checks each journal entry's balance at commit (a deferred constraint trigger),
    which a run rolled back at its end never reaches: make it check the entries written so far."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ledger_entry_balanced IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ledger_entry_balanced DEFERRED")


def _dues_never_negative() -> dict[int, Decimal]:
    """Check no current due owes or has paid a negative amount and interest paid ≤ accrued ≤
    interest − waived; returns everything paid on each loan's dues, every schedule version (a
    superseded due keeps its payments)."""
    paid: dict[int, Decimal] = defaultdict(lambda: ZERO)
    rows = Installment.objects.values_list(
        "loan_id", "n", "is_current", "principal", "principal_paid", "interest", "interest_paid", "interest_waived",
        "interest_accrued", "fee", "fee_paid", "fee_waived", "penalty", "penalty_paid")
    for loan, n, current, p, pp, i, ip, iw, ia, f, fp, fw, pen, penp in rows:
        paid[loan] += pp + ip + fp + penp
        if current:
            owed = (p - pp, i - ip - iw, f - fp - fw, pen - penp)
            assert min(owed) >= 0 and min(pp, ip, iw, fp, fw, penp) >= 0, (loan, n, owed)
            assert ip <= ia <= i - iw, (loan, n, "interest paid ≤ accrued ≤ interest − waived", ip, ia, i - iw)
    return paid


def _cash_by_loan() -> dict[str, Decimal]:
    """Net cash per loan as its transaction record tells it."""
    out: dict[str, Decimal] = defaultdict(lambda: ZERO)
    rows = LoanTransaction.objects.filter(kind__in=CASH_SIGNS).values("loan__number", "kind").annotate(s=Sum("amount"))
    for row in rows:
        out[row["loan__number"]] += CASH_SIGNS[row["kind"]] * Decimal(row["s"]).quantize(Decimal("0.01"))
    return out


def delinquency_agrees(closed: date) -> int:
    """After the end of day of ``closed``: every active loan accrued through it, with days past due
    counted from its oldest due (before ``closed``) still owing principal, interest or fee.
    Returns how many loans are past due."""
    late_loans = 0
    for loan in Loan.objects.filter(status="active"):
        assert loan.accrued_through == closed, (loan.number, loan.accrued_through, closed)
        late = [d.due_date for d in dues_owed(loan.number)
                if d.due_date < closed and (d.principal > 0 or d.interest > 0 or d.fee > 0)]
        expected = (closed - min(late)).days if late else 0
        assert loan.days_past_due == expected, (loan.number, loan.days_past_due, expected)
        late_loans += expected > 0
    return late_loans
