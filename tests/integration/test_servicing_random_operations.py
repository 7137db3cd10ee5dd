"""Random sequences of servicing operations keep the books whole.

After every operation (repay, prepay, pay off, reverse, penalty, apply credit, refund, restructure,
write off, recover — refused ones included): each loan's balances = its dues = its subledger, the
trial balance balances, nothing owed is negative, a refusal wrote nothing, and every fen of cash
is accounted for (bank = payments − reversals − payouts − refunds + recoveries).
``AUTOLEND_RANDOM_EXAMPLES`` raises the number of sequences tried (default 25).
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autolend.ledger.models import JournalLine
from autolend.servicing.errors import ServicingError
from autolend.servicing.models import Installment, Loan, LoanTransaction, TransactionKind
from autolend.servicing.selectors import payoff_quote_for
from autolend.servicing.services import (
    credit_apply,
    overpayment_refund,
    payoff_post,
    penalty_charge,
    prepayment_post,
    recovery_post,
    repayment_post,
    repayment_reverse,
    restructure_approve,
    restructure_request,
    writeoff_approve,
    writeoff_request,
)
from autolend.servicing.testing import assert_books_clean, books, disbursed_loan, fresh_books, staff

pytestmark = pytest.mark.django_db
EXAMPLES = int(os.environ.get("AUTOLEND_RANDOM_EXAMPLES", "25"))

amounts = st.integers(min_value=1, max_value=2_000_000).map(lambda fen: D(fen) / 100)
operations = st.one_of(
    st.tuples(st.just("days"), st.integers(1, 45)),
    st.tuples(st.just("repay"), amounts),
    st.tuples(st.just("prepay"), amounts, st.sampled_from(["reduce_installment", "reduce_term"])),
    st.tuples(st.just("payoff"), st.integers(0, 3), amounts.map(lambda a: a / 100)),
    st.tuples(st.just("reverse"), st.integers(0, 5)),
    st.tuples(st.just("penalty"), amounts.map(lambda a: a / 100)),
    st.tuples(st.just("credit")),
    st.tuples(st.just("refund")),
    st.tuples(st.just("restructure"), st.integers(1, 36), st.sampled_from([None, "8", "15"])),
    st.tuples(st.just("writeoff")),
    st.tuples(st.just("recover"), amounts),
)


def _apply(op: tuple, number: str, day: date, k: int) -> None:  # type: ignore[type-arg]
    name, *args = op
    key = f"op-{k}"
    if name == "repay":
        repayment_post(number, args[0], day, key)
    elif name == "prepay":
        prepayment_post(number, args[0], day, key, mode=args[1])
    elif name == "payoff":
        quote = payoff_quote_for(number, day, day + timedelta(days=args[0]))
        payoff_post(number, quote.total + args[1], day, key, valid_until=day + timedelta(days=args[0]))
    elif name == "reverse":
        payments = LoanTransaction.objects.filter(
            loan__number=number, kind__in=[TransactionKind.REPAYMENT, TransactionKind.PAYOFF]).order_by("-pk")
        if len(payments) > args[0]:
            repayment_reverse(payments[args[0]], day, "returned by the bank")
    elif name == "penalty":
        overdue = Installment.objects.filter(loan__number=number, is_current=True, settled_on__isnull=True,
                                             due_date__lt=day).order_by("due_date").first()
        if overdue is not None:
            penalty_charge(number, overdue.n, max(args[0], D("0.01")).quantize(D("0.01")), day, idempotency_key=key)
    elif name == "credit":
        credit_apply(number, day, idempotency_key=key)
    elif name == "refund":
        overpayment_refund(number, account="6222020000765432", business_date=day, idempotency_key=key)
    elif name == "restructure":
        request = restructure_request(number, installments=args[0], annual_rate=args[1], actor=staff("maker"),
                                      business_date=day)
        restructure_approve(request, staff("checker"), day)
    elif name == "writeoff":
        writeoff_approve(writeoff_request(number, staff("maker"), day, "test"), staff("checker"), day)
    elif name == "recover":
        recovery_post(number, args[0], day, key)


def _cash_accounted_for(loan: Loan) -> None:
    signs = {TransactionKind.REPAYMENT: 1, TransactionKind.PREPAYMENT: 1, TransactionKind.PAYOFF: 1,
             TransactionKind.RECOVERY: 1, TransactionKind.PAYOUT: -1, TransactionKind.REFUND: -1,
             TransactionKind.REVERSAL: -1}
    cash = sum((signs.get(t.kind, 0) * t.amount for t in loan.transactions.all()), D("0.00"))
    assert books()["1002"] == cash


def _invariants(number: str) -> None:
    assert_books_clean()
    loan = Loan.objects.get(number=number)
    assert min(loan.principal_outstanding, loan.interest_receivable, loan.fee_receivable,
               loan.penalty_receivable, loan.credit_balance) >= 0
    for row in Installment.objects.filter(loan=loan, is_current=True):
        owed = (row.principal - row.principal_paid, row.interest - row.interest_paid - row.interest_waived,
                row.fee - row.fee_paid - row.fee_waived, row.penalty - row.penalty_paid)
        assert min(owed) >= 0, (row.n, owed)
        assert row.interest_paid <= row.interest_accrued <= row.interest - row.interest_waived
    _cash_accounted_for(loan)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])
@given(st.lists(operations, min_size=1, max_size=18), st.booleans())
def test_random_operations_keep_the_books_whole(ops: list[tuple], billed: bool) -> None:  # type: ignore[type-arg]
    with transaction.atomic():
        fresh_books()
        changes = {"fee_upfront": D("800.00"), "fee_treatment": "billed" if billed else "deducted",
                   "fee_per_installment": D("20.00"), "settlement_fee_bands": ((3, D("2")), (None, D("1")))}
        number = disbursed_loan(**changes).number
        day = date(2024, 1, 15)
        for k, op in enumerate(ops):
            if op[0] == "days":
                day += timedelta(days=op[1])
                continue
            written = JournalLine.objects.count()
            try:
                _apply(op, number, day, k)
            except ServicingError:
                assert JournalLine.objects.count() == written
            _invariants(number)
        transaction.set_rollback(True)
