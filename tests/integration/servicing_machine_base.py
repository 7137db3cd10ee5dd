"""The frame of the servicing state machine: fresh books per run, the reference, and its helpers.

Each run works inside a savepoint rolled back at its end (the books start fresh, and a run costs
no flush). ``_refused`` checks a refusal: the predicted field, and nothing changed at all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import transaction
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant
from tests.integration.servicing_machine_checks import books_agree_with, snapshot
from tests.integration.servicing_reference import LoanRef, Reference, Refused

from autolend.servicing.errors import ServicingError
from autolend.servicing.models import BusinessDay, Loan
from autolend.servicing.testing import fresh_books, staff

START = date(2024, 1, 15)
TALLY: Counter[str] = Counter()  # every run's operations, refusals and end-of-day dates, by rule
picks = st.integers(0, 2**16)  # which loan (or payment, or key) a rule works on


class MachineBase(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.savepoint = transaction.atomic()
        self.savepoint.__enter__()
        fresh_books()
        BusinessDay.objects.update_or_create(id=1, defaults={"business_date": START})
        self.day, self.partitions, self.ref = START, 1, Reference()
        self.maker, self.checker = staff("maker"), staff("checker")
        self.rule, self.tally = "", Counter[str]()

    def teardown(self) -> None:
        TALLY.update(self.tally)
        TALLY.update(operations=self.ref.operations, refusals=self.ref.refusals, eod_days=self.ref.eod_days, runs=1)
        if TALLY["runs"] % 20 == 0:
            print(f"state machine: {TALLY['operations']} operations in {TALLY['runs']} runs", flush=True)
        transaction.set_rollback(True)
        self.savepoint.__exit__(None, None, None)

    # -- helpers ----------------------------------------------------------------------------------

    def _loan(self, pick: int) -> LoanRef:
        """Mostly an active loan (when there is one), else any."""
        numbers = sorted(self.ref.loans)
        active = [n for n in numbers if self.ref.loans[n].status == "active"]
        pool = active if active and pick % 5 else numbers
        return self.ref.loans[pool[(pick // 5) % len(pool)]]

    def _key(self) -> str:
        return f"op-{len(self.ref.keys)}-{self.ref.operations}"

    def _refused(self, call: Callable[[], Any], expected: Refused) -> None:
        before = snapshot()
        with pytest.raises(ServicingError) as caught:
            call()
        assert caught.value.field in expected.fields, (caught.value.field, caught.value.message, expected)
        assert snapshot() == before, "a refused operation changed the books"
        self._refusal()

    def _op(self, name: str) -> None:
        self.ref.operations += 1
        self.rule = name
        self.tally[name] += 1

    def _refusal(self) -> None:
        self.ref.refusals += 1
        self.tally[f"{self.rule} refused"] += 1

    def _posted(self, op: str, mine: LoanRef, txn: Any, **kwargs: Any) -> None:
        self.ref.keys[txn.idempotency_key] = (op, kwargs, txn.pk)
        mine.last_posting = kwargs["business_date"]

    def _accrued_through(self, number: str) -> date | None:
        return Loan.objects.filter(number=number).values_list("accrued_through", flat=True).get()

    def _payment_refused(self, mine: LoanRef, day: date) -> Refused | None:
        return mine.posting_refused(day, self._accrued_through(mine.number))

    # -- rules ------------------------------------------------------------------------------------

    @invariant()
    def books_whole(self) -> None:
        books_agree_with(self.ref)


