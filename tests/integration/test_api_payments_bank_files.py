"""POST /api/v1/payments/bank-files: each line posted, replayed or refused on its own (with the
field and a message); a malformed file or a date after the business date is 422 and posts
nothing; roles without payment.post get 403."""

from __future__ import annotations

import pytest
from tests.integration.interfaces_fixtures import INSTALMENT, active_loan, post_json, signed_in

from autolend.identity.models import Role
from autolend.servicing.models import LoanTransaction
from autolend.servicing.testing import fresh_books

pytestmark = pytest.mark.django_db
URL = "/api/v1/payments/bank-files"
FILE = {"date": "2024-02-15", "lines": [
    {"loan": "AL00000001", "amount": INSTALMENT, "key": "f-1", "external_ref": "ICBC-1"},
    {"loan": "AL00000404", "amount": "10.00", "key": "f-2"},
    {"loan": "AL00000001", "amount": "-1", "key": "f-3"},
]}


@pytest.fixture
def ops() -> object:
    fresh_books()
    active_loan()
    return signed_in(Role.OPERATIONS)


def test_each_line_is_answered_and_a_replay_posts_nothing(ops: object) -> None:
    body = post_json(ops, URL, FILE).json()  # type: ignore[arg-type]
    txn = LoanTransaction.objects.get(idempotency_key="f-1")
    assert (body["posted"], body["replayed"], body["refused"]) == (1, 0, 2)
    assert body["lines"][0] == {"line": 1, "status": "posted", "transaction": txn.pk, "field": None, "message": None}
    assert body["lines"][1]["status"] == "refused" and body["lines"][1]["field"] == "loan"
    assert body["lines"][2]["field"] == "amount"
    again = post_json(ops, URL, FILE).json()  # type: ignore[arg-type]
    assert again["lines"][0] == {**body["lines"][0], "status": "replayed"}
    assert LoanTransaction.objects.filter(kind="repayment").count() == 1


@pytest.mark.parametrize("bad", [{"lines": []}, {"date": "2024-03-01", "lines": FILE["lines"]},
                                 {"date": "2024-02-15", "lines": [{"loan": "AL00000001"}]}])
def test_a_bad_file_is_422_and_posts_nothing(ops: object, bad: dict[str, object]) -> None:
    assert post_json(ops, URL, bad).status_code == 422  # type: ignore[arg-type]
    assert not LoanTransaction.objects.filter(kind="repayment").exists()


def test_roles_without_payment_post_are_refused() -> None:
    fresh_books()
    active_loan()
    assert post_json(signed_in(Role.AUDITOR), URL, FILE).status_code == 403
    assert not LoanTransaction.objects.filter(kind="repayment").exists()
