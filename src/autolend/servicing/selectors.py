"""Reading loans: detail, list, outstanding, payoff quote, and the subledger-vs-ledger check.

Amounts are Decimal yuan; every ``as_json`` gives them as decimal strings (the CLI/API contract).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import F, Sum

from autolend.kernel.money import FEN, ZERO
from autolend.kernel.payoff import PayoffQuote, payoff_quote
from autolend.kernel.schedule import Installment as KernelRow
from autolend.kernel.schedule import Schedule
from autolend.ledger.accounts import role_accounts
from autolend.ledger.chart import AccountRole as R
from autolend.ledger.models import JournalLine
from autolend.ledger.selectors import entries_for, trial_balance
from autolend.rows import row_get
from autolend.servicing.errors import ServicingError
from autolend.servicing.models import (
    BusinessDay,
    DueKind,
    Installment,
    Loan,
    LoanStatus,
    LoanTransaction,
    ScheduleVersion,
)
from autolend.servicing.postings import loan_reference
from autolend.servicing.terms import LoanSetup, terms_for


def _j(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value.isoformat() if isinstance(value, date) else value


def business_date_current() -> date | None:
    """The platform's business date (set by EOD), or None before the first EOD."""
    found = row_get(BusinessDay, {"id": 1})
    return None if found is None else found.business_date


def loan_get(number: str) -> Loan:
    loan = Loan.objects.filter(number=str(number).strip()).first()
    if loan is None:
        raise ServicingError("loan", f"no loan {number}")
    return loan


def current_dues(loan: Loan) -> list[Installment]:
    """The loan's current schedule (``is_current`` rows of any version), in due-date order."""
    return list(Installment.objects.filter(loan=loan, is_current=True).order_by("due_date", "n", "pk"))


def owed_total(row: Installment) -> Decimal:
    return (row.principal - row.principal_paid + row.interest - row.interest_paid - row.interest_waived
            + row.fee - row.fee_paid - row.fee_waived + row.penalty - row.penalty_paid)


def row_status(row: Installment, as_of: date, loan_status: str = LoanStatus.ACTIVE) -> str:
    """paid | written_off | partial | future | due | overdue, for the schedule shown on ``as_of``."""
    if row.settled_on is not None or owed_total(row) == 0:
        return "paid"
    if loan_status == LoanStatus.WRITTEN_OFF:
        return "written_off"
    if row.principal_paid or row.interest_paid or row.fee_paid or row.penalty_paid:
        return "partial"
    return "future" if row.due_date > as_of else "due" if row.due_date == as_of else "overdue"


@dataclass(frozen=True)
class Outstanding:
    """What the borrower owes as recognised in the books (yuan), and the credit held for them."""

    principal: Decimal
    interest: Decimal
    fee: Decimal
    penalty: Decimal
    credit_balance: Decimal

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest + self.fee + self.penalty

    def as_json(self) -> dict[str, str]:
        return {**{k: str(v) for k, v in dataclasses.asdict(self).items()}, "total": str(self.total)}


def loan_outstanding(loan: Loan) -> Outstanding:
    return Outstanding(loan.principal_outstanding, loan.interest_receivable, loan.fee_receivable,
                       loan.penalty_receivable, loan.credit_balance)


def loan_summary(loan: Loan) -> dict[str, Any]:
    """One row of ``loans list --json``."""
    return {
        "number": loan.number, "status": loan.status, "principal_outstanding": str(loan.principal_outstanding),
        "total_outstanding": str(loan_outstanding(loan).total), "days_past_due": loan.days_past_due,
        "classification": loan.classification,
    }


def loans_list(status: str | None = None, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
    """Loans by number (optionally of one status), as ``loans list --json`` rows."""
    loans = Loan.objects.order_by("number")
    if status:
        loans = loans.filter(status=status)
    return [loan_summary(loan) for loan in loans[offset: offset + limit]]


def schedule_row(row: Installment, as_of: date, loan_status: str) -> dict[str, Any]:
    paid = row.principal_paid + row.interest_paid + row.fee_paid + row.penalty_paid
    names = ("n", "version", "kind", "from_date", "due_date", "principal", "interest", "fee", "penalty",
             "principal_paid", "interest_paid", "fee_paid", "penalty_paid", "interest_waived", "fee_waived",
             "interest_accrued", "fee_recognized", "settled_on")
    out = {name: _j(getattr(row, name)) for name in names}
    total = row.principal + row.interest + row.fee + row.penalty
    out.update(total=str(total), paid=str(paid), owed=str(owed_total(row)),
               status=row_status(row, as_of, loan_status))
    return out


def transaction_json(t: LoanTransaction, loan_number: str | None = None) -> dict[str, Any]:
    """One transaction as JSON (e.g. what ``payments post --json`` prints)."""
    return {
        "id": t.pk, "loan": loan_number or t.loan.number, "kind": t.kind, "business_date": t.business_date.isoformat(),
        "amount": str(t.amount), "principal": str(t.principal), "interest": str(t.interest), "fee": str(t.fee),
        "penalty": str(t.penalty), "overpayment": str(t.overpayment), "channel": t.channel,
        "external_ref": t.external_ref, "idempotency_key": t.idempotency_key, "reverses": t.reverses_id,
        "journal_entry": t.journal_entry_id,
    }


def loan_detail(number: str, as_of: date | None = None) -> dict[str, Any]:
    """``loans show --json``: the summary, terms, schedule with paid amounts and row status,
    transactions and journal lines. ``as_of`` (default the business date) decides due/overdue."""
    loan = loan_get(number)
    day = as_of or business_date_current() or loan.accrued_through or loan.disbursed_on or loan.booked_on
    detail = loan_summary(loan)
    detail.update({name: _j(getattr(loan, name)) for name in (
        "product_code", "borrower_name", "dealer_name", "payee_account", "principal", "annual_rate",
        "installments", "booked_on", "disbursed_on", "maturity_date", "closed_on", "schedule_version",
        "interest_receivable", "fee_receivable", "penalty_receivable", "credit_balance", "provision",
        "accrued_through", "dpd_bucket", "ifrs_stage", "restructured_until")})
    detail["as_of"] = day.isoformat()
    detail["terms"] = loan.terms
    detail["schedule"] = [schedule_row(row, day, loan.status) for row in current_dues(loan)]
    detail["transactions"] = [transaction_json(t, loan.number) for t in loan.transactions.order_by("pk")]
    detail["journal_lines"] = [
        {"entry": line.entry_id, "entry_date": line.entry_date.isoformat(), "kind": line.entry.kind,
         "account": line.account.code, "account_name": line.account.name, "debit": str(line.debit),
         "credit": str(line.credit), "subledger": line.subledger}
        for line in entries_for(loan_reference(loan.number))
    ]
    return detail


# -- payoff ---------------------------------------------------------------------------------------

def payoff_quote_of(loan: Loan, rows: list[Installment], as_of: date, valid_until: date | None = None) -> PayoffQuote:
    """``kernel.payoff.payoff_quote`` over the loan's current instalments (keyed by due pk), plus
    everything still owed on its other dues (a billed upfront fee, arrears carried by a
    restructure): those are owed in full whatever their date and never count as instalments."""
    from autolend.servicing.services._dues import owed

    setup = LoanSetup.from_json(loan.terms)
    basis = ScheduleVersion.objects.get(loan=loan, version=loan.schedule_version).basis
    ordered = sorted(rows, key=lambda row: (row.due_date, row.pk))
    numbered = [row for row in ordered if row.kind == DueKind.INSTALLMENT]
    schedule = Schedule(
        terms=terms_for(basis),
        installments=tuple(KernelRow(row.pk, row.from_date, row.due_date, row.principal, row.interest, row.fee, ZERO)
                           for row in numbered),
        regular_installment=None,
    )
    outstanding = [d for d in (owed(row) for row in numbered) if d.total > 0]
    try:
        quote = payoff_quote(schedule, outstanding, as_of, valid_until, setup.payoff_rules())
    except ValueError as exc:
        raise ServicingError("valid_until", str(exc)) from None
    other = [owed(row) for row in ordered if row.kind != DueKind.INSTALLMENT]
    if not any(d.total for d in other):
        return quote
    return dataclasses.replace(
        quote,
        overdue_principal=quote.overdue_principal + sum((d.principal for d in other), ZERO),
        interest=quote.interest + sum((d.interest for d in other), ZERO),
        fees=quote.fees + sum((d.fee for d in other), ZERO),
        penalties=quote.penalties + sum((d.penalty for d in other), ZERO),
    )


def payoff_quote_for(loan: Loan | str, as_of: date, valid_until: date | None = None) -> PayoffQuote:
    """The payoff quote of an active loan made on ``as_of``, valid to ``valid_until`` (default as_of)."""
    loan = loan if isinstance(loan, Loan) else loan_get(loan)
    if loan.status != LoanStatus.ACTIVE:
        raise ServicingError("status", f"loan {loan.number} is {loan.status}: there is nothing to pay off")
    return payoff_quote_of(loan, current_dues(loan), as_of, valid_until)


def quote_json(quote: PayoffQuote) -> dict[str, str]:
    names = ("as_of", "valid_until", "overdue_principal", "future_principal", "principal", "interest",
             "fees", "penalties", "settlement_fee", "per_diem", "total")
    return {name: str(_j(getattr(quote, name))) for name in names}


# -- reconciliation -------------------------------------------------------------------------------

# Loan balance field, account role, ledger sign (+1 debit-normal), the dues' sum of that balance.
CHECKS: tuple[tuple[str, R, int, Any], ...] = (
    ("principal_outstanding", R.PRINCIPAL_RECEIVABLE, 1, F("principal") - F("principal_paid")),
    ("interest_receivable", R.INTEREST_RECEIVABLE, 1, F("interest_accrued") - F("interest_paid")),
    ("fee_receivable", R.FEE_RECEIVABLE, 1, F("fee_recognized") - F("fee_paid")),
    ("penalty_receivable", R.PENALTY_RECEIVABLE, 1, F("penalty") - F("penalty_paid")),
    ("credit_balance", R.CUSTOMER_CREDIT, -1, None),
    ("provision", R.LOAN_LOSS_ALLOWANCE, -1, None),
)
DUES_CHECKED = frozenset({LoanStatus.ACTIVE, LoanStatus.PAID_OFF})  # written-off dues are a frozen record


@dataclass(frozen=True)
class Difference:
    loan: str
    check: str  # e.g. "ledger 1301 vs principal_outstanding", "dues vs interest_receivable"
    expected: Decimal  # the Loan's figure
    actual: Decimal

    def as_json(self) -> dict[str, str]:
        return {"loan": self.loan, "check": self.check, "expected": str(self.expected), "actual": str(self.actual)}


def reconcile_loans(numbers: list[str] | None = None) -> tuple[int, list[Difference]]:
    """Compare each loan's balances with its ledger subledger and its dues, set-based.

    Returns (loans checked, differences). ``numbers`` None checks every loan.
    """
    codes: dict[str, dict[R, str]] = {}  # per product code, read once
    loans = Loan.objects.order_by("pk")
    lines = JournalLine.objects.exclude(subledger="")
    dues = Installment.objects.filter(is_current=True)
    if numbers is not None:
        loans, lines = loans.filter(number__in=numbers), lines.filter(subledger__in=numbers)
        dues = dues.filter(loan__number__in=numbers)
    ledger: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for row in lines.values("subledger", "account__code").annotate(dr=Sum("debit"), cr=Sum("credit")):
        ledger[(row["subledger"], row["account__code"])] = (row["dr"] - row["cr"]).quantize(FEN)
    sums = {f"s_{field}": Sum(expr) for field, _, _, expr in CHECKS if expr is not None}
    by_loan = {row["loan_id"]: row for row in dues.values("loan_id").annotate(**sums)}
    differences: list[Difference] = []
    checked = 0
    for loan in loans.iterator(chunk_size=2000):
        checked += 1
        if loan.product_code not in codes:
            codes[loan.product_code] = role_accounts(loan.product_code)
        product_codes = codes[loan.product_code]
        for field, role, sign, expr in CHECKS:
            expected = getattr(loan, field)
            actual = sign * ledger.get((loan.number, product_codes[role]), ZERO)
            if actual != expected:
                check = f"ledger {product_codes[role]} vs {field}"
                differences.append(Difference(loan.number, check, expected, actual))
            if expr is not None and loan.status in DUES_CHECKED:
                summed = Decimal((by_loan.get(loan.pk) or {}).get(f"s_{field}") or ZERO).quantize(FEN)
                if summed != expected:
                    differences.append(Difference(loan.number, f"dues vs {field}", expected, summed))
    return checked, differences


def subledger_vs_ledger(loan: Loan | str) -> list[Difference]:
    """The reconcile check for one loan: empty when its balances, dues and ledger agree."""
    number = loan.number if isinstance(loan, Loan) else str(loan)
    return reconcile_loans([number])[1]


def reconcile_report() -> dict[str, Any]:
    """``autolend reconcile --json``: ok (no difference and a balanced trial balance)."""
    checked, differences = reconcile_loans()
    balanced = trial_balance().balanced
    return {"ok": balanced and not differences, "loans_checked": checked, "trial_balance_balanced": balanced,
            "differences": [d.as_json() for d in differences]}
