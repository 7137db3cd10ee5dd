"""Posting to the ledger: a worked example an accountant can read, reversals and the trial balance."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from autolend.ledger.models import JournalLine
from autolend.ledger.rules import Leg, request_hash
from autolend.ledger.selectors import subledger_balances, trial_balance
from autolend.ledger.services import (
    IdempotencyConflict,
    LedgerError,
    chart_ensure,
    journal_post,
    journal_reverse,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def chart() -> None:
    chart_ensure()


def _disburse(key: str | None = None) -> object:
    # Lend 100,000 to a borrower, paid to the dealer; the lender funds it from capital.
    return journal_post(
        entry_date=date(2024, 1, 15),
        kind="disbursement",
        legs=[Leg("1301", debit=D("100000.00"), subledger="AL1"), Leg("2202", credit=D("100000.00"))],
        reference="loan:AL1",
        idempotency_key=key,
        request_hash=request_hash({"amount": "100000.00"}),
    )


def test_worked_example_disburse_pay_dealer_accrue_and_collect() -> None:
    journal_post(entry_date=date(2024, 1, 1), kind="capital", legs=[Leg("1002", debit=D("500000.00")), Leg("4001", credit=D("500000.00"))])
    _disburse()
    journal_post(entry_date=date(2024, 1, 15), kind="dealer_payment", legs=[Leg("2202", debit=D("100000.00")), Leg("1002", credit=D("100000.00"))])
    journal_post(  # one month of interest at 12%/yr: 1,000.00
        entry_date=date(2024, 2, 15), kind="accrual",
        legs=[Leg("1132", debit=D("1000.00"), subledger="AL1"), Leg("6011", credit=D("1000.00"))],
    )
    journal_post(  # instalment of 8,884.88 = 1,000.00 interest + 7,884.88 principal
        entry_date=date(2024, 2, 15), kind="repayment",
        legs=[
            Leg("1002", debit=D("8884.88")),
            Leg("1132", credit=D("1000.00"), subledger="AL1"),
            Leg("1301", credit=D("7884.88"), subledger="AL1"),
        ],
    )
    books = {a.code: a.balance for a in trial_balance().accounts}
    assert books["1002"] == D("408884.88")  # 500,000 − 100,000 + 8,884.88
    assert books["1301"] == D("92115.12")
    assert books["1132"] == D("0.00")
    assert books["2202"] == D("0.00")
    assert books["6011"] == D("1000.00")
    tb = trial_balance()
    assert tb.balanced
    assert tb.total_debit == tb.total_credit == D("501000.00")  # bank + loan = capital + income
    assert subledger_balances("1301") == {"AL1": D("92115.12")}
    # As of the disbursement day the repayment is not yet in the books.
    assert {a.code: a.balance for a in trial_balance(date(2024, 1, 31)).accounts}["1301"] == D("100000.00")


def test_unbalanced_or_malformed_entries_are_refused_and_nothing_is_written() -> None:
    cases = [
        [Leg("1301", debit=D("10.00")), Leg("2202", credit=D("9.99"))],
        [Leg("1301", debit=D("10.00"))],
        [Leg("1301", debit=D("10.001")), Leg("2202", credit=D("10.001"))],
        [Leg("1301", debit=D("-10.00")), Leg("2202", credit=D("-10.00"))],
        [Leg("9999", debit=D("10.00")), Leg("2202", credit=D("10.00"))],
    ]
    for legs in cases:
        with pytest.raises(LedgerError):
            journal_post(entry_date=date(2024, 1, 1), kind="test", legs=legs)
    assert JournalLine.objects.count() == 0


def test_idempotent_replay_returns_the_first_entry_and_a_changed_body_is_refused() -> None:
    first = _disburse("disb-AL1")
    assert _disburse("disb-AL1") == first
    assert JournalLine.objects.count() == 2
    with pytest.raises(IdempotencyConflict):
        journal_post(
            entry_date=date(2024, 1, 15), kind="disbursement",
            legs=[Leg("1301", debit=D("1.00")), Leg("2202", credit=D("1.00"))],
            idempotency_key="disb-AL1", request_hash=request_hash({"amount": "1.00"}),
        )


def test_reversal_mirrors_the_entry_once() -> None:
    entry = _disburse()
    reversal = journal_reverse(entry, entry_date=date(2024, 1, 16), reason="duplicate")
    assert [(line.account.code, line.debit, line.credit) for line in reversal.lines.order_by("pk")] == [
        ("1301", D("0.00"), D("100000.00")),
        ("2202", D("100000.00"), D("0.00")),
    ]
    assert subledger_balances("1301") == {"AL1": D("0.00")}
    with pytest.raises(LedgerError):
        journal_reverse(entry, entry_date=date(2024, 1, 16), reason="again")
    with pytest.raises(LedgerError):
        journal_reverse(reversal, entry_date=date(2024, 1, 16), reason="reverse the reversal")
