"""Restructure / extension (重组 / 展期), with maker-checker: a new schedule version of an active loan.

On approval (business date D) every current due that still owes anything is replaced by version
v + 1, built by ``kernel.schedule.build_schedule`` over all the principal still owed, from D, with
the requested number of instalments (and rate, and first due date if given). What the replaced
dues still owed besides principal — interest and fees of dues already due, interest of the current
period earned to D, and penalties — is carried into one arrears row due with the first new
instalment, so the borrower is current again. The loan stays active, ``restructured_until`` =
D + the terms' observation period (EOD keeps it at least substandard until then).

Accounting: no money moves. The carried interest and fees are recognised in full (Dr 1132 / Cr
6011, Dr 1133 / Cr 6021 for any part EOD had not yet recognised); interest EOD had accrued on the
current period beyond what was earned to D is taken back (Dr 6011 / Cr 1132). When there is
nothing to recognise, no journal entry is posted.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction

from autolend.kernel.money import ZERO
from autolend.ledger.chart import AccountRole as R
from autolend.servicing import states
from autolend.servicing.errors import ServicingError
from autolend.servicing.models import (
    ApprovalKind,
    ApprovalRequest,
    ApprovalStatus,
    DueKind,
    Installment,
    Loan,
    LoanTransaction,
    TransactionKind,
)
from autolend.servicing.postings import EntryBuilder
from autolend.servicing.services._common import (
    LOAN_MONEY_FIELDS,
    amount_of,
    check_posting_date,
    date_of,
    loan_pk,
    lock_dues,
    lock_loan,
    record,
    retrying,
    setup_of,
    snapshot,
    transaction_record,
)
from autolend.servicing.services._dues import interest_to, owed
from autolend.servicing.services._versions import (
    current_basis,
    dues_for,
    next_n,
    rebased,
    refresh_loan_shape,
    schedule_from,
    supersede,
    version_record,
)
from autolend.servicing.services.approvals import approval_decide, approval_lock, approval_open
from autolend.servicing.terms import LoanSetup


def restructure_request(
    loan: Loan | str, *, installments: int, annual_rate: Decimal | str | None = None,
    first_due: date | None = None, actor: Any, business_date: date, reason: str = "",
) -> ApprovalRequest:
    """The maker proposes new terms: ``installments`` dues from the approval date, ``annual_rate``
    (percent a year; default unchanged), ``first_due`` (default one period after approval)."""
    day = date_of(business_date)
    if isinstance(installments, bool) or not isinstance(installments, int) or not 1 <= installments <= 1200:
        raise ServicingError("installments", "must be a whole number from 1 to 1200")
    rate = None if annual_rate is None else amount_of(annual_rate, "annual_rate", allow_zero=True)
    if first_due is not None and date_of(first_due, "first_due") <= day:
        raise ServicingError("first_due", "must be after the business date")
    pk = loan_pk(loan)

    def ask() -> ApprovalRequest:
        with transaction.atomic():
            locked = lock_loan(pk)
            states.require(locked, "restructure")
            payload = {"installments": installments, "annual_rate": None if rate is None else str(rate),
                       "first_due": first_due.isoformat() if first_due else None}
            request = approval_open(ApprovalKind.RESTRUCTURE, locked, actor, day, payload, reason)
            record("restructure_request", locked, actor=actor, before=snapshot(locked), business_date=day,
                   request=request.pk, **payload)
            return request

    return retrying(ask)


def restructure_approve(request: ApprovalRequest | int, checker: Any, business_date: date) -> LoanTransaction:
    """The checker (not the maker) approves: version v + 1 as proposed, effective ``business_date``."""
    day = date_of(business_date)

    def approve() -> LoanTransaction:
        with transaction.atomic():
            loan, locked = approval_lock(request, ApprovalKind.RESTRUCTURE)
            approval_decide(locked, checker, day, ApprovalStatus.APPROVED)
            states.require(loan, "restructure")
            check_posting_date(loan, day)
            payload = locked.payload
            first_due = date.fromisoformat(payload["first_due"]) if payload.get("first_due") else None
            if first_due is not None and first_due <= day:
                raise ServicingError("first_due", f"{first_due} is no longer after the business date")
            rate = Decimal(payload["annual_rate"]) if payload.get("annual_rate") is not None else loan.annual_rate
            setup = setup_of(loan)
            rows = lock_dues(loan)
            before = snapshot(loan)
            replaced = sorted((row for row in rows if owed(row).total > 0), key=lambda row: (row.due_date, row.pk))
            principal = sum((owed(row).principal for row in replaced), ZERO)
            if principal <= 0:
                raise ServicingError("loan", f"loan {loan.number} has no principal left to restructure")
            carried = _carried(replaced, day, setup)
            kept = [row for row in rows if row not in replaced]
            version = loan.schedule_version + 1
            basis = rebased(current_basis(loan), principal=principal, installments=int(payload["installments"]),
                            start=day, first_due=first_due, annual_rate=rate)
            schedule = schedule_from(basis)
            n = next_n(kept)
            new_rows: list[Installment] = []
            if carried["interest"] or carried["fee"] or carried["penalty"]:
                new_rows.append(Installment(
                    loan=loan, version=version, n=n, kind=DueKind.ARREARS, from_date=day,
                    due_date=schedule.installments[0].due_date,
                    principal=ZERO, interest=carried["interest"], interest_accrued=carried["interest"],
                    fee=carried["fee"], fee_recognized=carried["fee"], penalty=carried["penalty"]))
                n += 1
            new_rows += dues_for(loan, schedule, version, n)
            supersede(replaced)
            Installment.objects.bulk_create(new_rows)

            interest_up = carried["interest"] - carried["interest_recognised"] - carried["interest_derecognised"]
            fee_up = carried["fee"] - carried["fee_recognised"] - carried["fee_derecognised"]
            entry = EntryBuilder(loan.product_code, loan.number)
            entry.debit(R.INTEREST_RECEIVABLE, interest_up).credit(R.INTEREST_INCOME, interest_up)
            entry.debit(R.FEE_RECEIVABLE, fee_up).credit(R.FEE_INCOME, fee_up)
            je = None if entry.empty else entry.post(
                entry_date=day, kind="restructure", actor=checker,
                description=f"Restructure of {loan.number}: schedule v{version}, arrears carried")
            loan.interest_receivable += interest_up
            loan.fee_receivable += fee_up
            loan.schedule_version = version
            loan.restructured_until = day + timedelta(days=setup.restructure_observation_days)
            refresh_loan_shape(loan, [*kept, *new_rows], annual_rate=rate)
            loan.save(update_fields=[*LOAN_MONEY_FIELDS, "schedule_version", "restructured_until", "installments",
                                     "maturity_date", "annual_rate"])
            version_record(loan, version, "restructure", day, basis, schedule)
            txn = transaction_record(
                loan, TransactionKind.RESTRUCTURE, day, principal, actor=checker, journal_entry=je,
                principal=principal, interest=carried["interest"], fee=carried["fee"], penalty=carried["penalty"],
                allocation={"replaced": [row.pk for row in replaced], "version": version, "request": locked.pk},
                note=(locked.reason or "")[:200],
            )
            record("restructure", loan, actor=checker, before=before, business_date=day, transaction=txn.pk,
                   request=locked.pk, version=version, regular_installment=schedule.regular_installment)
            return txn

    return retrying(approve)


def _carried(replaced: list[Installment], day: date, setup: LoanSetup) -> dict[str, Decimal]:
    """What the replaced dues owe besides principal, and how much of it the books already hold."""
    out = dict.fromkeys(("interest", "fee", "penalty", "interest_recognised", "fee_recognised",
                         "interest_derecognised", "fee_derecognised"), ZERO)
    for row in replaced:
        left = owed(row)
        interest_held = max(ZERO, row.interest_accrued - row.interest_paid)
        fee_held = max(ZERO, row.fee_recognized - row.fee_paid)
        out["penalty"] += left.penalty
        if row.due_date <= day:
            interest, fee = left.interest, left.fee
        elif row.kind != DueKind.INSTALLMENT:  # arrears carried before: owed in full
            interest, fee = left.interest, left.fee
        else:  # not yet due: only interest earned to the day is owed; fees of future dues are not
            interest = interest_to(row, day, setup.payoff_current_interest, setup.money_rules())
            fee = ZERO
        out["interest"] += interest
        out["fee"] += fee
        out["interest_recognised"] += min(interest_held, interest)
        out["interest_derecognised"] += max(ZERO, interest_held - interest)
        out["fee_recognised"] += min(fee_held, fee)
        out["fee_derecognised"] += max(ZERO, fee_held - fee)
    return out
