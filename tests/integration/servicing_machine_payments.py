"""The payment rules of the servicing state machine: repay, prepay, pay off, reverse, apply and
refund credit, charge a penalty. Each predicts its outcome with the reference first."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule
from tests.integration.servicing_machine_base import MachineBase, picks
from tests.integration.servicing_machine_checks import dues_owed, snapshot
from tests.integration.servicing_reference import (
    FEN,
    ZERO,
    LoanRef,
    Payment,
    Refused,
    Split,
    interest_to,
    refused,
)

from autolend.servicing.errors import ServicingError
from autolend.servicing.selectors import payoff_quote_for
from autolend.servicing.services import (
    credit_apply,
    overpayment_refund,
    payoff_post,
    penalty_charge,
    prepayment_post,
    repayment_post,
    repayment_reverse,
)

amounts = st.integers(1, 3_000_000).map(lambda fen: Decimal(fen) / 100)


class PaymentRules(MachineBase):
    @precondition(lambda self: self.ref.loans)
    @rule(pick=picks, how=st.sampled_from(["due", "part", "more", "any", "backdated"]), share=st.integers(1, 99),
          extra=amounts)
    def repay(self, pick: int, how: str, share: int, extra: Decimal) -> None:
        mine, day, key = self._loan(pick), self.day, self._key()
        self._op("repay")
        dues = dues_owed(mine.number)
        due_now = sum((d.total for d in dues if d.due_date <= day), ZERO)
        amount = {"due": due_now or extra, "part": max(FEN, (due_now * share / 100).quantize(FEN)),
                  "more": due_now + extra}.get(how, extra)
        if how == "backdated":
            day -= timedelta(days=share % 20 + 1)
        refusal = self._payment_refused(mine, day)
        if refusal:
            return self._refused(lambda: repayment_post(mine.number, amount, day, key), refusal)
        split = mine.repayment(amount, dues, day)
        paid_off = mine.pays_off(split, dues, day)
        txn = repayment_post(mine.number, amount, day, key)
        assert (txn.principal, txn.interest, txn.fee, txn.penalty, txn.overpayment) == (
            split.paid["principal"], split.paid["interest"], split.paid["fee"], split.paid["penalty"], split.left)
        mine.paid(Payment(txn.pk, "repayment", amount, split.paid["principal"], split.left, ZERO, mine.version),
                  day, paid_off=paid_off)
        self._posted("repayment_post", mine, txn, loan_number=mine.number, amount=amount, business_date=day,
                     idempotency_key=key)

    @precondition(lambda self: self.ref.loans)
    @rule(pick=picks, mode=st.sampled_from(["reduce_installment", "reduce_term"]),
          share=st.sampled_from([0, 1, 10, 50, 90, 99, 100, 120]))
    def prepay(self, pick: int, mode: str, share: int) -> None:
        mine, day, key = self._loan(pick), self.day, self._key()
        self._op("prepay")
        dues = dues_owed(mine.number)
        future = sorted((d for d in dues if d.due_date > day and d.kind == "installment"), key=lambda d: (d.due_date, d.pk))
        interest = interest_to(future[0], day, mine.full_period) if future else ZERO
        principal = sum((d.principal for d in future), ZERO)
        amount = max(FEN, sum((d.total for d in dues if d.due_date <= day), ZERO) + interest
                     + (principal * share / 100).quantize(FEN))
        expected = self._payment_refused(mine, day) or mine.prepayment(amount, dues, day, mode)
        if isinstance(expected, Refused):
            return self._refused(lambda: prepayment_post(mine.number, amount, day, key, mode=mode), expected)
        split, interest_now, prepaid = expected
        txn = prepayment_post(mine.number, amount, day, key, mode=mode)
        assert (txn.principal, txn.interest) == (split.paid["principal"] + prepaid, split.paid["interest"] + interest_now)
        mine.version += 1
        mine.paid(Payment(txn.pk, "prepayment", amount, txn.principal, ZERO, ZERO, mine.version), day, paid_off=False)
        self._posted("prepayment_post", mine, txn, loan_number=mine.number, amount=amount, business_date=day,
                     idempotency_key=key, mode=mode)

    @precondition(lambda self: self.ref.loans)
    @rule(pick=picks, valid=st.integers(0, 5), extra=st.sampled_from(["-0.01", "0", "0", "0.01", "1234.56"]))
    def payoff(self, pick: int, valid: int, extra: str) -> None:
        mine, day, key, until = self._loan(pick), self.day, self._key(), self.day + timedelta(days=valid)
        self._op("payoff")
        if mine.status != "active":
            return self._refused(lambda: payoff_post(mine.number, "1.00", day, key, valid_until=until), refused("status"))
        quote = payoff_quote_for(mine.number, day, until)
        assert quote.principal == mine.principal_outstanding, (quote.principal, mine.principal_outstanding)
        amount = quote.total + Decimal(extra)
        if amount < quote.total or amount <= 0:
            return self._refused(lambda: payoff_post(mine.number, amount, day, key, valid_until=until), refused("amount"))
        txn = payoff_post(mine.number, amount, day, key, valid_until=until)
        assert (txn.principal, txn.overpayment) == (mine.principal_outstanding, Decimal(extra))
        mine.paid(Payment(txn.pk, "payoff", amount, txn.principal, Decimal(extra), quote.settlement_fee, mine.version),
                  day, paid_off=True)
        self._posted("payoff_post", mine, txn, loan_number=mine.number, amount=amount, business_date=day,
                     idempotency_key=key, valid_until=until)

    @precondition(lambda self: any(loan.payments for loan in self.ref.loans.values()))
    @rule(which=picks)
    def reverse(self, which: int) -> None:
        payments = [(loan, p) for loan in self.ref.loans.values() for p in loan.payments]
        mine, payment = payments[which % len(payments)]
        self._op("reverse")
        expected = mine.reversal(payment, self.day)
        call = lambda: repayment_reverse(payment.pk, self.day, "returned by the bank")  # noqa: E731
        if isinstance(expected, Refused):
            return self._refused(call, expected)
        if isinstance(expected, int):
            before = snapshot()
            assert call().pk == expected
            assert snapshot() == before, "a repeated reversal changed the books"
            return
        if payment.version != mine.version:  # a later schedule version may have replaced its dues
            try:
                before = snapshot()
                txn = call()
            except ServicingError as exc:
                assert exc.field == "transaction" and "schedule version" in exc.message, exc
                assert snapshot() == before
                self._refusal()
                return
        else:
            txn = call()
        assert (txn.kind, txn.amount, txn.reverses_id) == ("reversal", payment.amount, payment.pk)
        mine.reversed_payment(payment, txn.pk, self.day)
        self._posted("repayment_reverse", mine, txn, payment=payment.pk, business_date=self.day,
                     reason="returned by the bank")

    @precondition(lambda self: self.ref.loans)
    @rule(pick=picks, use=st.sampled_from(["apply", "refund all", "refund all", "refund 50%", "refund 100%", "refund 150%"]),
          bad_account=st.sampled_from([False] * 4 + [True]))
    def credit(self, pick: int, use: str, bad_account: bool) -> None:
        """Use a credit balance: apply it to what is due, or refund it (all, or a share of it)."""
        mine, key = self._loan(pick), self._key()
        self._op("credit")
        if use == "apply":
            return self._apply_credit(mine, key)
        share = None if use == "refund all" else int(use.split()[1].rstrip("%"))
        amount = None if share is None else (mine.credit_balance * share / 100).quantize(FEN)
        paid = mine.credit_balance if amount is None else amount
        account = "6222020000000000" if bad_account else "6222020000765432"
        kwargs = {"loan_number": mine.number, "amount": amount, "account": account, "business_date": self.day,
                  "idempotency_key": key}
        expected = (refused("amount") if amount is not None and amount <= 0 else
                    refused("status") if mine.status not in ("active", "paid_off") else
                    refused("amount") if not 0 < paid <= mine.credit_balance else
                    refused("payout") if bad_account else None)
        if expected:
            return self._refused(lambda: overpayment_refund(**kwargs), expected)
        txn = overpayment_refund(**kwargs)
        assert txn.amount == paid
        mine.refunded_credit(paid)
        self._posted("overpayment_refund", mine, txn, **kwargs)

    def _apply_credit(self, mine: LoanRef, key: str) -> None:
        day = self.day
        dues = dues_owed(mine.number)
        split = mine.repayment(mine.credit_balance, dues, day) if mine.credit_balance > 0 else Split({}, ZERO)
        expected = self._payment_refused(mine, day) or (None if split.applied > 0 else refused("credit_balance"))
        if expected:
            return self._refused(lambda: credit_apply(mine.number, day, idempotency_key=key), expected)
        paid_off = mine.pays_off(split, dues, day)
        txn = credit_apply(mine.number, day, idempotency_key=key)
        assert (txn.amount, txn.principal) == (split.applied, split.paid["principal"])
        mine.credit_used(split, day, paid_off=paid_off)
        self._posted("credit_apply", mine, txn, loan_number=mine.number, business_date=day, idempotency_key=key)

    @precondition(lambda self: self.ref.loans)
    @rule(pick=picks, amount=st.integers(1, 50_000).map(lambda fen: Decimal(fen) / 100))
    def penalty(self, pick: int, amount: Decimal) -> None:
        mine, key = self._loan(pick), self._key()
        self._op("penalty")
        dues = dues_owed(mine.number)
        overdue = [d for d in dues if d.due_date < self.day and not d.settled]
        n = overdue[0].n if overdue else (dues[0].n if dues else 1)
        expected = self._payment_refused(mine, self.day) or (None if overdue else refused("n"))
        call = lambda: penalty_charge(mine.number, n, amount, self.day, idempotency_key=key)  # noqa: E731
        if expected:
            return self._refused(call, expected)
        txn = call()
        self._posted("penalty_charge", mine, txn, loan_number=mine.number, n=n, amount=amount,
                     business_date=self.day, idempotency_key=key)

