"""The servicing books stay whole under at least 10,000 random operations (a hypothesis state machine).

The rules drive the real services on up to four loans of varied terms: book and disburse (maker ≠
checker; also the maker approving their own request, and a payout the gateway refuses), repay
(what is due, part of it, more than it, any amount, backdated; late once the end of day has
passed a due date), prepay (reduce the instalment or the term), pay off with a quote, reverse a
payment, apply or refund credit, charge a penalty, restructure and write off (approved, approved
by the maker, rejected), recover after write-off, replay an idempotency key (or reuse it for
another request) — and advance the business date through the real end of day, several days at a
time, across due dates, so interest, penalties and days past due arise.

The in-memory reference (``servicing_reference``) predicts each outcome: a refusal names the
predicted field and changes nothing; a payment splits as the waterfall says. After every step the
books must agree with it (``servicing_machine_checks``). ``AUTOLEND_STATE_MACHINE_OPS`` (default
10,000) is how many operations to execute: seeded batches of runs go on until that many have run.
Each run starts from fresh books in a savepoint that is rolled back at its end.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, seed
from hypothesis import settings as Settings
from hypothesis import strategies as st
from hypothesis.stateful import initialize, precondition, rule, run_state_machine_as_test
from tests.integration.servicing_machine_base import TALLY, picks
from tests.integration.servicing_machine_checks import delinquency_agrees, dues_owed, snapshot
from tests.integration.servicing_machine_payments import PaymentRules, amounts
from tests.integration.servicing_reference import FEN, ZERO, LoanRef, refused

from autolend.servicing.eod import eod_run
from autolend.servicing.models import Loan
from autolend.servicing.services import (
    approval_reject,
    credit_apply,
    disbursement_approve,
    disbursement_request,
    loan_book,
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
from autolend.servicing.terms import LoanSetup

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
TARGET = int(os.environ.get("AUTOLEND_STATE_MACHINE_OPS", "10000"))
STEPS = 50  # operations per run
MAX_LOANS = 4
# Shrinking a failure replays hundreds of runs (minutes); AUTOLEND_STATE_MACHINE_SHRINK=0 skips it.
PHASES = [p for p in Phase if p is not Phase.shrink or os.environ.get("AUTOLEND_STATE_MACHINE_SHRINK", "1") != "0"]
terms = st.fixed_dictionaries({
    "principal": st.integers(1_000_000, 30_000_000).map(lambda fen: Decimal(fen) / 100),
    "annual_rate": st.sampled_from(["12", "4.9", "18.5", "0"]),
    "installments": st.integers(2, 12),
    "unit": st.sampled_from(["weeks", "months"]),
    "every": st.sampled_from([1, 2]),
    "method": st.sampled_from(["annuity", "equal-principal", "interest-only", "balloon", "flat"]),
    "fee_upfront": st.sampled_from(["0", "800"]),
    "fee_treatment": st.sampled_from(["deducted", "billed"]),
    "fee_per_installment": st.sampled_from(["0", "20"]),
    "allocation_order": st.sampled_from([("penalty", "fee", "interest", "principal"),
                                         ("interest", "principal", "penalty", "fee")]),
    "allocation_strategy": st.sampled_from(["by-installment", "by-component"]),
    "payoff_current_interest": st.sampled_from(["accrued", "full-period"]),
    "settlement_fee_bands": st.sampled_from([(), ((3, "2"), (None, "1"))]),
    "compound_interest": st.booleans(),
})


def setup_of(values: dict[str, Any]) -> LoanSetup:
    balloon = (values["principal"] * Decimal("0.3")).quantize(FEN) if values["method"] == "balloon" else ZERO
    return LoanSetup(**values, balloon=balloon)


SERVICES: dict[str, Callable[..., Any]] = {f.__name__: f for f in (
    repayment_post, prepayment_post, payoff_post, credit_apply, overpayment_refund, penalty_charge, recovery_post,
    repayment_reverse)}


class ServicingMachine(PaymentRules):
    @initialize(values=terms, partitions=st.integers(1, 3))
    def first_loan(self, values: dict[str, Any], partitions: int) -> None:
        """Every run starts with one disbursed loan, and EOD cut into ``partitions``."""
        self.partitions = partitions
        self._disburse(values, "checker")

    @precondition(lambda self: len(self.ref.loans) < MAX_LOANS)
    @rule(values=terms, how=st.sampled_from(["checker", "checker", "checker", "maker first", "payout refused"]))
    def disburse(self, values: dict[str, Any], how: str) -> None:
        self._op("disburse")
        self._disburse(values, how)

    def _disburse(self, values: dict[str, Any], how: str) -> None:
        setup = setup_of(values)
        account = "6222020000000000" if how == "payout refused" else "6222020000123456"  # the simulator refuses 0000
        loan = loan_book(setup, borrower_name="Zhang San", dealer_name="Demo Motors", payee_account=account,
                         business_date=self.day, actor=self.maker)
        deducted = setup.fee_upfront if setup.fee_treatment.value == "deducted" else ZERO
        mine = LoanRef(loan.number, setup.principal, setup.principal - deducted, setup.method,
                       setup.allocation_order, setup.allocation_strategy.value == "by-component",
                       setup.payoff_current_interest.value == "full-period", setup.balloon)
        self.ref.loans[loan.number] = mine
        request = disbursement_request(loan, self.maker, self.day)
        if how == "maker first":
            self._refused(lambda: disbursement_approve(request, self.maker, self.day), refused("checker"))
        if how == "payout refused":  # the loan stays pending disbursement, its request pending
            self._refused(lambda: disbursement_approve(request, self.checker, self.day), refused("payout"))
            return
        disbursement_approve(request, self.checker, self.day)
        mine.disbursed(self.day)

    @precondition(lambda self: self.ref.loans)
    @rule(pick=picks, installments=st.integers(1, 12), rate=st.sampled_from([None, "8", "15"]),
          decision=st.sampled_from(["checker", "checker", "maker", "rejected"]))
    def restructure(self, pick: int, installments: int, rate: str | None, decision: str) -> None:
        mine = self._loan(pick)
        self._op("restructure")
        ask = lambda: restructure_request(mine.number, installments=installments, annual_rate=rate,  # noqa: E731
                                          actor=self.maker, business_date=self.day)
        if mine.status != "active":
            return self._refused(ask, refused("status"))
        request = ask()
        principal = sum((d.principal for d in dues_owed(mine.number)), ZERO)
        expected = (refused("checker") if decision == "maker" else refused("loan") if principal <= 0 else
                    refused("balloon") if mine.method == "balloon" and principal <= mine.balloon else None)
        if decision == "rejected" or expected:
            if expected:
                self._refused(lambda: restructure_approve(request, self.maker if decision == "maker" else self.checker,
                                                          self.day), expected)
            approval_reject(request, self.checker, self.day, "not agreed")
            return
        txn = restructure_approve(request, self.checker, self.day)
        assert txn.principal == mine.principal_outstanding
        mine.version += 1
        mine.last_posting = self.day

    @precondition(lambda self: self.ref.loans)
    @rule(pick=picks, decision=st.sampled_from(["checker", "checker", "maker", "rejected"]))
    def write_off(self, pick: int, decision: str) -> None:
        mine = self._loan(pick)
        self._op("write_off")
        ask = lambda: writeoff_request(mine.number, self.maker, self.day, "uncollectable")  # noqa: E731
        if mine.status != "active":
            return self._refused(ask, refused("status"))
        request = ask()
        loan = Loan.objects.get(number=mine.number)
        owed = loan.principal_outstanding + loan.interest_receivable + loan.fee_receivable + loan.penalty_receivable
        expected = (refused("checker") if decision == "maker" else refused("credit_balance") if mine.credit_balance > 0
                    else refused("loan") if owed <= 0 else None)
        if decision == "rejected" or expected:
            if expected:
                checker = self.maker if decision == "maker" else self.checker
                self._refused(lambda: writeoff_approve(request, checker, self.day), expected)
            approval_reject(request, self.checker, self.day, "not agreed")
            return
        txn = writeoff_approve(request, self.checker, self.day)
        assert (txn.amount, txn.principal) == (owed, mine.principal_outstanding)
        mine.written_off(self.day)

    @precondition(lambda self: self.ref.loans)
    @rule(pick=picks, amount=amounts)
    def recover(self, pick: int, amount: Decimal) -> None:
        written_off = sorted(n for n, loan in self.ref.loans.items() if loan.status == "written_off")
        mine = self.ref.loans[written_off[pick % len(written_off)]] if written_off and pick % 4 else self._loan(pick)
        key = self._key()
        self._op("recover")
        call = lambda: recovery_post(mine.number, amount, self.day, key)  # noqa: E731
        if mine.status != "written_off":
            return self._refused(call, refused("status"))
        txn = call()
        mine.recovery(amount)
        self._posted("recovery_post", mine, txn, loan_number=mine.number, amount=amount, business_date=self.day,
                     idempotency_key=key)

    @precondition(lambda self: self.ref.keys)
    @rule(which=picks, same=st.booleans())
    def replay(self, which: int, same: bool) -> None:
        """An earlier key again: the same request returns the first transaction, another is refused."""
        op, kwargs, pk = self.ref.keys[sorted(self.ref.keys)[which % len(self.ref.keys)]]
        self._op("replay")
        if same:
            before = snapshot()
            assert SERVICES[op](**kwargs).pk == pk
            assert snapshot() == before, "a replay changed the books"
            return
        changed = dict(kwargs)
        if changed.get("amount") is not None:
            changed["amount"] += FEN
        else:
            changed["business_date"] += timedelta(days=1)
        self._refused(lambda: SERVICES[op](**changed), refused("idempotency_key"))

    @rule(days=st.sampled_from([1, 3, 7, 14, 30]), again=st.booleans())
    def end_of_day(self, days: int, again: bool) -> None:
        """Close ``days`` business dates; ``again``: then run the last one again (it is skipped)."""
        last = self.day + timedelta(days=days - 1)
        eod_run(self.day, last, partitions=self.partitions)
        self.day = last + timedelta(days=1)
        self._op("end_of_day")
        self.ref.eod_days += days
        self.tally["loans past due at end of day"] += delinquency_agrees(last)
        if again:
            before = snapshot()
            assert [result.skipped for result in eod_run(last)] == [True]
            assert snapshot() == before, "a repeated end of day changed the books"


def test_servicing_state_machine_keeps_the_books_whole(settings: Any) -> None:
    settings.AUTOLEND_EOD_DAY_STEPS = []  # other apps' day steps (collections, collateral) have their own tests
    TALLY.clear()
    started, batch = time.perf_counter(), 0
    while TALLY["operations"] < TARGET:
        runs = -(-(TARGET - TALLY["operations"]) // STEPS)
        machine = seed(batch)(type(f"ServicingMachineBatch{batch}", (ServicingMachine,), {}))
        run_state_machine_as_test(machine, settings=Settings(
            max_examples=runs, stateful_step_count=STEPS, deadline=None, database=None, derandomize=False,
            suppress_health_check=list(HealthCheck), phases=PHASES))
        batch += 1
    seconds = time.perf_counter() - started
    print(f"\nservicing state machine: {TALLY['operations']} operations ({TALLY['refusals']} refused, "
          f"{TALLY['eod_days']} end-of-day dates) in {TALLY['runs']} runs, {seconds:.0f} s, "
          f"{TALLY['operations'] / seconds:.1f} operations/s")
    print(", ".join(f"{name} {count}" for name, count in sorted(TALLY.items())))
    assert TALLY["operations"] >= TARGET
