"""Loans with dues made straight with the ORM for the EOD tests (not through the services API).

``loan_book`` writes a Loan, its current dues from ``kernel.schedule.build_schedule`` and the
disbursement entry (Dr loan principal / Cr dealer payable, subledger = loan number), so the ledger
holds the principal the loan says it has. ``due_pay`` is a minimal repayment: it marks a due paid
and posts Dr bank / Cr the receivables. ``books`` and ``subledger_differences`` compare states.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from autolend.kernel.schedule import LoanTerms, build_schedule
from autolend.ledger.accounts import role_accounts
from autolend.ledger.chart import AccountRole as Role
from autolend.ledger.models import JournalLine
from autolend.ledger.rules import Leg
from autolend.ledger.selectors import subledger_balances, trial_balance
from autolend.ledger.services import chart_ensure, journal_post
from autolend.servicing.models import BusinessDay, Installment, Loan, LoanStatus

ZERO = Decimal("0.00")


def business_date_set(day: date) -> None:
    BusinessDay.objects.update_or_create(id=1, defaults={"business_date": day})


def loan_book(
    number: str = "AL0001",
    *,
    principal: Decimal = Decimal("670000.00"),
    annual_rate: Decimal = Decimal("4.9"),
    installments: int = 360,
    disbursed: date = date(2024, 1, 15),
    fee_per_installment: Decimal = ZERO,
    terms: dict[str, Any] | None = None,
    restructured_until: date | None = None,
) -> Loan:
    """An active loan with its schedule as current dues and its disbursement in the ledger."""
    schedule = build_schedule(
        LoanTerms(
            principal=principal, annual_rate=annual_rate, installments=installments, disbursed=disbursed,
            fee_per_installment=fee_per_installment,
        )
    )
    rows = schedule.installments
    loan = Loan.objects.create(
        number=number, status=LoanStatus.ACTIVE, product_code="", borrower_name=f"Borrower {number}",
        principal=principal, annual_rate=annual_rate, installments=installments, booked_on=disbursed,
        disbursed_on=disbursed, maturity_date=rows[-1].due_date,
        terms={"principal": str(principal), "annual_rate": str(annual_rate), "installments": installments,
               "disbursed": disbursed.isoformat(), **(terms or {})},
        principal_outstanding=principal, restructured_until=restructured_until, created_at=timezone.now(),
    )
    Installment.objects.bulk_create(
        Installment(
            loan=loan, version=1, n=row.n, from_date=row.from_date, due_date=row.due_date,
            principal=row.principal, interest=row.interest, fee=row.fees,
        )
        for row in rows
    )
    accounts = role_accounts("")
    journal_post(
        entry_date=disbursed, kind="disbursement", reference=f"loan:{number}",
        legs=[
            Leg(accounts[Role.PRINCIPAL_RECEIVABLE], debit=principal, subledger=number),
            Leg(accounts[Role.DEALER_PAYABLE], credit=principal),
        ],
    )
    return loan


def due_pay(loan: Loan, n: int, on: date) -> Decimal:
    """Pay due ``n`` in full (penalty, fee, interest, principal); returns the amount paid."""
    due = Installment.objects.get(loan=loan, n=n, is_current=True)
    accounts = role_accounts("")
    parts = {
        Role.PENALTY_RECEIVABLE: due.penalty - due.penalty_paid,
        Role.FEE_RECEIVABLE: due.fee_recognized - due.fee_paid,
        Role.INTEREST_RECEIVABLE: due.interest_accrued - due.interest_paid - due.interest_waived,
        Role.PRINCIPAL_RECEIVABLE: due.principal - due.principal_paid,
    }
    total = sum(parts.values(), ZERO)
    journal_post(
        entry_date=on, kind="repayment", reference=f"loan:{loan.number}",
        legs=[Leg(accounts[Role.BANK], debit=total)]
        + [Leg(accounts[role], credit=amount, subledger=loan.number) for role, amount in parts.items() if amount],
    )
    due.penalty_paid, due.fee_paid = due.penalty, due.fee_recognized
    due.interest_paid, due.principal_paid = due.interest_accrued - due.interest_waived, due.principal
    due.settled_on = on
    due.save()
    loan.refresh_from_db()
    loan.penalty_receivable -= parts[Role.PENALTY_RECEIVABLE]
    loan.fee_receivable -= parts[Role.FEE_RECEIVABLE]
    loan.interest_receivable -= parts[Role.INTEREST_RECEIVABLE]
    loan.principal_outstanding -= parts[Role.PRINCIPAL_RECEIVABLE]
    loan.save()
    return total


def interest_recognise(number: str, amount: Decimal, on: date) -> None:
    """Post interest recognised outside EOD (as a payment does): Dr interest receivable / Cr income."""
    accounts = role_accounts("")
    journal_post(
        entry_date=on, kind="interest_recognition", reference=f"loan:{number}",
        legs=[
            Leg(accounts[Role.INTEREST_RECEIVABLE], debit=amount, subledger=number),
            Leg(accounts[Role.INTEREST_INCOME], credit=amount),
        ],
    )


def scenario_book() -> None:
    """A small varied book from 2024-01-10 (no payments): plain, with fees, month-end, compound
    penalty, restructured, one already behind at the start, and a spread of ids for partitions."""
    chart_ensure()
    business_date_set(date(2024, 1, 10))
    loan_book("AL0001")
    loan_book("AL0002", principal=Decimal("100000.00"), annual_rate=Decimal("12"), installments=24,
              disbursed=date(2024, 1, 10), fee_per_installment=Decimal("30.00"))
    loan_book("AL0003", principal=Decimal("50000.00"), annual_rate=Decimal("8"), installments=36,
              disbursed=date(2023, 12, 31), terms={"compound_interest": True})
    loan_book("AL0004", principal=Decimal("80000.00"), annual_rate=Decimal("9.5"), installments=12,
              disbursed=date(2023, 11, 20), restructured_until=date(2024, 2, 20))
    for k in range(5, 13):
        loan_book(f"AL{k:04d}", principal=Decimal(10000 * k), annual_rate=Decimal("6.5") + k,
                  installments=6 + k, disbursed=date(2023, 12, k), fee_per_installment=Decimal(k))


LOAN_FIELDS = (
    "number", "status", "principal_outstanding", "interest_receivable", "fee_receivable", "penalty_receivable",
    "provision", "accrued_through", "days_past_due", "dpd_bucket", "classification", "ifrs_stage",
)
DUE_FIELDS = ("loan__number", "n", "interest_accrued", "fee_recognized", "penalty")


def books() -> dict[str, Any]:
    """Everything EOD writes, comparable across partitionings: each account's balance, the net
    journal amount per (account, subledger, date) — the aggregated income and expense lines are
    per partition, so only their net is the same — the loans and their dues."""
    journal: dict[tuple[str, str, date], Decimal] = {}
    lines = JournalLine.objects.values_list("account__code", "subledger", "entry_date", "debit", "credit")
    for code, subledger, day, debit, credit in lines:
        journal[(code, subledger, day)] = journal.get((code, subledger, day), ZERO) + debit - credit
    return {
        "balances": {a.code: fen(a.balance) for a in trial_balance().accounts},
        "journal": {key: amount for key, amount in journal.items() if amount},
        "loans": list(Loan.objects.order_by("number").values_list(*LOAN_FIELDS)),
        "dues": list(Installment.objects.order_by("loan__number", "n").values_list(*DUE_FIELDS)),
        "business_date": BusinessDay.objects.get(id=1).business_date,
    }


def ledger_balanced() -> bool:
    """Debits equal credits over every line, summed exactly (SQLite's SUM over REAL is not exact,
    so ``trial_balance()`` there can be off by 1e-10: compared at the fen)."""
    tb = trial_balance()
    lines = JournalLine.objects.values_list("debit", "credit")
    exact = sum((debit - credit for debit, credit in lines), ZERO)
    return exact == 0 and fen(tb.total_debit) == fen(tb.total_credit)


def fen(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("0.01"))


def subledger_differences() -> list[str]:
    """Where a loan's fields differ from its subledger in the ledger (empty when none does)."""
    accounts = role_accounts("")
    pairs = (
        (Role.PRINCIPAL_RECEIVABLE, "principal_outstanding", 1),
        (Role.INTEREST_RECEIVABLE, "interest_receivable", 1),
        (Role.FEE_RECEIVABLE, "fee_receivable", 1),
        (Role.PENALTY_RECEIVABLE, "penalty_receivable", 1),
        (Role.LOAN_LOSS_ALLOWANCE, "provision", -1),  # a credit balance on a contra-asset
    )
    differences = []
    for role, field, sign in pairs:
        ledger = subledger_balances(accounts[role])
        for number, value in Loan.objects.values_list("number", field):
            held = fen(sign * ledger.get(number, ZERO))
            if held != value:
                differences.append(f"{number} {field}: loan {value}, ledger {held}")
    return differences
