"""`autolend payments post … --json`: the posted transaction; a replay with the same key and body
prints the first result and writes nothing; the same key with another body, or bad input, exits 2
with one line and writes nothing."""

from __future__ import annotations

import pytest
from tests.integration.interfaces_fixtures import INSTALMENT, active_loan, run, run_json

from autolend.ledger.models import JournalEntry
from autolend.servicing.models import LoanTransaction
from autolend.servicing.testing import fresh_books

pytestmark = pytest.mark.django_db

POST = ["payments", "post", "--loan", "AL00000001", "--date", "2024-02-15"]


@pytest.fixture(autouse=True)
def loan() -> None:
    fresh_books()
    active_loan()


def written() -> tuple[int, int]:
    return LoanTransaction.objects.count(), JournalEntry.objects.count()


def test_posts_the_instalment(capsys: pytest.CaptureFixture[str]) -> None:
    txn = run_json(capsys, *POST, "--amount", INSTALMENT, "--key", "feb-1", "--json")
    assert {k: txn[k] for k in ("loan", "kind", "business_date", "amount", "principal", "interest", "overpayment",
                                "channel", "idempotency_key")} == {
        "loan": "AL00000001", "kind": "repayment", "business_date": "2024-02-15", "amount": INSTALMENT,
        "principal": "7884.88", "interest": "1000.00", "overpayment": "0.00", "channel": "manual",
        "idempotency_key": "feb-1"}


def test_a_replay_prints_the_first_result(capsys: pytest.CaptureFixture[str]) -> None:
    first = run_json(capsys, *POST, "--amount", INSTALMENT, "--key", "feb-1", "--json")
    before = written()
    again = run_json(capsys, *POST, "--amount", INSTALMENT, "--key", "feb-1", "--json")
    assert again == first
    assert written() == before


def test_the_same_key_with_another_body_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    run_json(capsys, *POST, "--amount", INSTALMENT, "--key", "feb-1", "--json")
    before = written()
    status, out, err = run(capsys, *POST, "--amount", "100.00", "--key", "feb-1", "--json")
    assert (status, out) == (2, "")
    assert err.strip() == "autolend: error: --key: 'feb-1' was already used with a different request"
    assert written() == before


@pytest.mark.parametrize(("args", "message"), [
    (["--amount", "-5", "--key", "k"], "--amount: must be greater than zero"),
    (["--amount", "abc", "--key", "k"], "--amount: 'abc' is not an amount in yuan"),
    (["--amount", "1.001", "--key", "k"], "--amount: has more than 2 decimal places"),
    (["--amount", "10", "--key", "k", "--date", "2024-02-30"], "--date: '2024-02-30' is not a date"),
    (["--amount", "10", "--key", "k", "--date", "2024-03-01"], "--date: 2024-03-01 is after the business date"),
    (["--amount", "10", "--key", "k", "--date", "2024-01-01"], "--date: is before the disbursement"),
    (["--amount", "10", "--key", " "], "--key: is required"),
    (["--amount", "10", "--key", "k", "--channel", "pigeon"], "invalid choice"),
])
def test_bad_input_exits_2_and_writes_nothing(capsys: pytest.CaptureFixture[str], args: list[str],
                                              message: str) -> None:
    before = written()
    status, out, err = run(capsys, *POST, *args)
    assert (status, out) == (2, "")
    assert message in err and len(err.strip().splitlines()) == 1
    assert written() == before


def test_an_unknown_loan_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "payments", "post", "--loan", "AL9", "--amount", "1", "--date", "2024-02-15",
                         "--key", "x")
    assert status == 2 and "--loan: no loan AL9" in err
