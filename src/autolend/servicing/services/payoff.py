"""Payoff (提前结清): paying the quote settles the loan.

The amount due is ``selectors.payoff_quote_of`` (``kernel.payoff.payoff_quote``) made on the
business date and valid to ``valid_until``: every due falling due by then in full (and a billed
fee or restructure arrears whatever their date), the principal not yet due, interest of the
current period (accrued to ``valid_until``, or the full period, per the loan's terms), all
penalties, and the early-settlement fee. Interest of later periods and fees of dues not yet due
are waived (``interest_waived`` / ``fee_waived``): unearned, never charged.

Accounting: Dr bank [1002] amount · Cr the receivables paid (1134, 1133, 1132, 1301) · Cr interest
[6011] / fee [6021] income for the part not yet recognised (a Dr when EOD had recognised more
than the quote charges) · Cr fee income [6021] the early-settlement fee · Cr customer overpayment
[2242] any excess. The loan is paid off, every receivable zero, ``closed_on`` set.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from autolend.kernel.allocation import Component
from autolend.kernel.money import ZERO
from autolend.ledger.chart import AccountRole as R
from autolend.ledger.rules import request_hash
from autolend.servicing import states
from autolend.servicing.errors import ServicingError
from autolend.servicing.models import DueKind, LoanStatus, LoanTransaction, TransactionKind
from autolend.servicing.postings import EntryBuilder
from autolend.servicing.selectors import payoff_quote_of
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
    snapshot,
    transaction_record,
)
from autolend.servicing.services._dues import (
    Changes,
    credit_receivables,
    mark_settled,
    owed,
    pay,
    totals,
    waive,
)
from autolend.servicing.services.repayments import CHANNELS, finish, loan_number_of


def payoff_post(
    loan_number: Any,
    amount: Decimal | str | int,
    business_date: date,
    idempotency_key: str,
    valid_until: date | None = None,
    channel: str = "manual",
    external_ref: str = "",
    actor: Any = None,
) -> LoanTransaction:
    """Settle the loan with ``amount`` yuan (at least the quote's total; the excess is credit).

    ``valid_until`` is the date of the quote the borrower was given (default: the business date);
    a quote that expired before ``business_date`` is refused.
    """
    value = amount_of(amount)
    day = date_of(business_date)
    until = day if valid_until is None else date_of(valid_until, "valid_until")
    key = key_of(idempotency_key)
    if channel not in CHANNELS:
        raise ServicingError("channel", f"must be one of {', '.join(sorted(CHANNELS))}")
    if until < day:
        raise ServicingError("valid_until", f"the quote expired on {until}")
    number = loan_number_of(loan_number)
    pk = loan_pk(loan_number)
    fingerprint = request_hash({"op": "payoff", "loan": number, "amount": str(value), "date": day.isoformat(),
                                "valid_until": until.isoformat(), "channel": channel})

    def settle() -> LoanTransaction:
        loan = lock_loan(pk)
        first = replay(key, fingerprint)
        if first is not None:
            return first
        states.require(loan, "pay off")
        check_posting_date(loan, day)
        rows = lock_dues(loan)
        quote = payoff_quote_of(loan, rows, day, until)
        if value < quote.total:
            raise ServicingError("amount", f"is less than the payoff amount {quote.total} (quote valid until {until})")
        before = snapshot(loan)
        changes = Changes()
        open_rows = sorted((row for row in rows if owed(row).total > 0), key=lambda row: (row.due_date, row.pk))
        in_full = [row for row in open_rows if row.due_date <= until or row.kind != DueKind.INSTALLMENT]
        current_interest = quote.interest - sum((owed(row).interest for row in in_full), ZERO)  # current period's
        for row in open_rows:
            change, left = changes.of(row), owed(row)
            if row in in_full:
                for component in Component:
                    if left.owed(component) > 0:
                        pay(row, change, component, left.owed(component))
                continue
            for component in (Component.PRINCIPAL, Component.PENALTY):
                if left.owed(component) > 0:
                    pay(row, change, component, left.owed(component))
            charged = min(current_interest, left.interest)
            current_interest -= charged
            if charged:
                pay(row, change, Component.INTEREST, charged)
            waive(row, change, Component.INTEREST, left.interest - charged)
            waive(row, change, Component.FEE, left.fee)
        mark_settled(rows, changes, day)
        t = totals(changes)
        fee = quote.settlement_fee
        if t.paid + fee != quote.total:
            raise AssertionError(f"payoff of {loan.number} allocated {t.paid + fee}, quoted {quote.total}")
        excess = value - quote.total
        entry = EntryBuilder(loan.product_code, loan.number).debit(R.BANK, value)
        credit_receivables(entry, t)
        entry.credit(R.FEE_INCOME, fee).credit(R.CUSTOMER_CREDIT, excess)
        je = entry.post(entry_date=day, kind="payoff", actor=actor,
                        description=f"Payoff of {loan.number}: quote {quote.total} valid until {until}")
        finish(loan, rows, changes, t, day, credit=excess)
        if loan.status != LoanStatus.PAID_OFF:
            raise AssertionError(f"payoff of {loan.number} left something owed")
        txn = transaction_record(
            loan, TransactionKind.PAYOFF, day, value, actor=actor, journal_entry=je, key=key,
            request_hash=fingerprint, channel=channel, external_ref=(external_ref or "")[:80],
            principal=t.principal, interest=t.interest_receivable + t.interest_income,
            fee=t.fee_receivable + t.fee_income + fee, penalty=t.penalty, overpayment=excess,
            allocation={"rows": changes.as_json(), "settlement_fee": str(fee), "quote_total": str(quote.total),
                        "valid_until": until.isoformat()},
        )
        record("payoff_post", loan, actor=actor, before=before, business_date=day, transaction=txn.pk,
               quote_total=quote.total, settlement_fee=fee)
        return txn

    return idempotent(key, fingerprint, settle)
