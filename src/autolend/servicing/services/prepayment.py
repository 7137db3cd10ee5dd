"""Partial prepayment (部分提前还款) and the new schedule version it makes.

The amount first pays what is due (the normal allocation), then the interest of the current period
earned to the prepayment date (prorated like a payoff quote, per the loan's ``payoff_current_interest``),
and the rest repays principal. The current period and every later due are replaced by version v + 1:

* a prepayment row (n = next number): from the replaced period's start to the prepayment date, the
  principal prepaid and that interest, settled on the spot;
* the rows of ``kernel.schedule.build_schedule`` for the principal left, starting on the prepayment
  date with the first due on the replaced period's due date (an irregular first period):
  ``reduce_installment`` keeps the number of dues left (same maturity, lower instalment);
  ``reduce_term`` takes the fewest dues whose level instalment is not above the current one
  (annuity/balloon; equal principal: whose principal per due is not above the current one).

Accounting: as a repayment (Dr bank / Cr the receivables and income), with the principal prepaid
credited to principal receivable [1301]; interest EOD had accrued on the replaced period is settled
by the prepayment row. No prepayment fee (a product setting to add when a product needs one).
A prepayment cannot be reversed (it changed the schedule).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from autolend.kernel.allocation import Component
from autolend.kernel.money import ZERO
from autolend.kernel.schedule import Schedule
from autolend.ledger.chart import AccountRole as R
from autolend.ledger.rules import request_hash
from autolend.servicing import states
from autolend.servicing.errors import ServicingError
from autolend.servicing.models import DueKind, Installment, Loan, LoanTransaction, TransactionKind
from autolend.servicing.postings import EntryBuilder
from autolend.servicing.services._common import (
    amount_of,
    check_posting_date,
    date_of,
    idempotent,
    key_of,
    loan_pk,
    lock_dues,
    lock_loan,
    record,
    replay,
    setup_of,
    snapshot,
    transaction_record,
)
from autolend.servicing.services._dues import credit_receivables, interest_to, owed, pay, totals
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
from autolend.servicing.services.repayments import CHANNELS, apply_cash, finish, loan_number_of
from autolend.servicing.terms import PrepaymentMode


def prepayment_post(
    loan_number: Loan | str,
    amount: Decimal | str | int,
    business_date: date,
    idempotency_key: str,
    mode: PrepaymentMode | str | None = None,
    channel: str = "manual",
    external_ref: str = "",
    actor: Any = None,
) -> LoanTransaction:
    """Prepay with ``amount`` yuan on ``business_date``; ``mode`` defaults to the loan's terms."""
    value = amount_of(amount)
    day = date_of(business_date)
    key = key_of(idempotency_key)
    if channel not in CHANNELS:
        raise ServicingError("channel", f"must be one of {', '.join(sorted(CHANNELS))}")
    try:
        chosen_mode = PrepaymentMode(mode) if mode else None
    except ValueError:
        raise ServicingError("mode", f"must be one of {', '.join(m.value for m in PrepaymentMode)}") from None
    number = loan_number_of(loan_number)
    pk = loan_pk(loan_number)
    fingerprint = request_hash({"op": "prepayment", "loan": number, "amount": str(value), "date": day.isoformat(),
                                "channel": channel, "mode": chosen_mode.value if chosen_mode else ""})

    def prepay() -> LoanTransaction:
        loan = lock_loan(pk)
        first = replay(key, fingerprint)
        if first is not None:
            return first
        states.require(loan, "prepay")
        check_posting_date(loan, day)
        setup = setup_of(loan)
        how = chosen_mode or setup.prepayment_mode
        rows = lock_dues(loan)
        before = snapshot(loan)
        changes, left = apply_cash(loan, rows, value, day)
        due = [row for row in rows if row.due_date <= day]
        still_due = sum((owed(row).total for row in due), ZERO)
        if still_due > 0:
            raise ServicingError("amount", f"does not cover what is due ({still_due} left); a prepayment pays that first")
        # The schedule instalments not yet due are replaced; other dues (arrears carried by a
        # restructure) stay as they are, owed on their own date.
        future = sorted((row for row in rows if row.due_date > day and row.kind == DueKind.INSTALLMENT),
                        key=lambda row: (row.due_date, row.pk))
        kept = [row for row in rows if row not in future]
        if not future:
            raise ServicingError("loan", f"nothing falls due after {day}: post a repayment instead")
        current = future[0]
        interest = interest_to(current, day, setup.payoff_current_interest, setup.money_rules())
        principal_left = sum((owed(row).principal for row in future), ZERO)
        principal = left - interest
        if principal <= 0:
            raise ServicingError("amount", f"leaves {left} after what is due: not more than the interest to date ({interest})")
        if principal >= principal_left:
            raise ServicingError("amount", f"repays all {principal_left} of principal: use a payoff quote instead")
        version = loan.schedule_version + 1
        n = next_n(kept)
        basis, schedule = _reschedule(loan, how, future, principal_left - principal, day)
        supersede(future)
        accrued = max(ZERO, current.interest_accrued - current.interest_paid)
        row = Installment(loan=loan, version=version, n=n, kind=DueKind.PREPAYMENT, from_date=current.from_date,
                          due_date=day, principal=principal, interest=interest,
                          interest_accrued=min(accrued, interest))
        new_rows = dues_for(loan, schedule, version, n + 1)
        Installment.objects.bulk_create([row, *new_rows])
        change = changes.of(row)
        change.interest_derecognised += max(ZERO, accrued - interest)  # EOD's accrual beyond the interest to date
        pay(row, change, Component.PRINCIPAL, principal)
        if interest:
            pay(row, change, Component.INTEREST, interest)
        row.settled_on, change.settled = day, True
        t = totals(changes)
        entry = EntryBuilder(loan.product_code, loan.number).debit(R.BANK, value)
        credit_receivables(entry, t)
        je = entry.post(entry_date=day, kind="prepayment", actor=actor,
                        description=f"Prepayment {value} for {loan.number} ({how.value}), schedule v{version}")
        current_rows = [*kept, row, *new_rows]
        loan.schedule_version = version
        refresh_loan_shape(loan, current_rows)
        loan.save(update_fields=["schedule_version", "installments", "maturity_date"])
        finish(loan, current_rows, changes, t, day, credit=ZERO)  # saves the changed dues and balances
        version_record(loan, version, "prepayment", day, basis, schedule)
        txn = transaction_record(
            loan, TransactionKind.PREPAYMENT, day, value, actor=actor, journal_entry=je, key=key,
            request_hash=fingerprint, channel=channel, external_ref=(external_ref or "")[:80],
            principal=t.principal, interest=t.interest_receivable + t.interest_income,
            fee=t.fee_receivable + t.fee_income, penalty=t.penalty,
            allocation={"rows": changes.as_json(), "mode": how.value, "version": version},
        )
        record("prepayment_post", loan, actor=actor, before=before, business_date=day, transaction=txn.pk,
               mode=how.value, principal_prepaid=principal, regular_installment=schedule.regular_installment)
        return txn

    return idempotent(key, fingerprint, prepay)


def _reschedule(loan: Loan, how: PrepaymentMode, future: list[Installment], principal: Decimal,
                day: date) -> tuple[dict[str, Any], Schedule]:
    """The basis and schedule of the dues replacing ``future`` for ``principal`` yuan from ``day``."""
    basis = current_basis(loan)
    first_due = future[0].due_date
    balloon = Decimal(str(basis.get("balloon") or 0))
    if basis.get("method") == "balloon" and balloon > 0 and principal <= balloon:
        raise ServicingError("amount", f"would leave {principal} of principal, not more than the balloon {balloon}: "
                                       f"prepay less than {loan.principal_outstanding - balloon} or pay the loan off")

    def build(count: int) -> tuple[dict[str, Any], Schedule]:
        new = rebased(basis, principal=principal, installments=count, start=day, first_due=first_due)
        return new, schedule_from(new)

    if how is PrepaymentMode.REDUCE_INSTALLMENT:
        return build(len(future))
    method = basis.get("method", "annuity")
    if method in ("annuity", "balloon"):
        level = schedule_from(basis).regular_installment or ZERO

        def fits(schedule: Schedule) -> bool:
            return (schedule.regular_installment or ZERO) <= level
    elif method == "equal-principal":
        level = max(row.principal for row in future[:-1] or future)

        def fits(schedule: Schedule) -> bool:
            return schedule.installments[0].principal <= level
    else:
        raise ServicingError("mode", f"reduce_term needs an annuity, balloon or equal-principal loan, not {method}")
    low, high = 1, len(future)  # the fewest dues that fit: the instalment falls as the count grows
    while low < high:
        middle = (low + high) // 2
        if fits(build(middle)[1]):
            high = middle
        else:
            low = middle + 1
    return build(low)
