"""POST /api/v1/loans/{number}/payments (and prepayments, payoff, reversal): Idempotency-Key
required; a replay answers the first result (200, Idempotent-Replayed); the same key with another
body 409; bad input 422 naming the field; nothing written when refused."""

from __future__ import annotations

import pytest
from tests.integration.interfaces_fixtures import INSTALMENT, active_loan, post_json, signed_in

from autolend.identity.models import Role
from autolend.servicing.models import LoanStatus, LoanTransaction
from autolend.servicing.testing import fresh_books

pytestmark = pytest.mark.django_db

URL = "/api/v1/loans/AL00000001"
BODY = {"amount": INSTALMENT, "date": "2024-02-15", "channel": "bank_transfer"}


@pytest.fixture
def ops() -> object:
    fresh_books()
    active_loan()
    return signed_in(Role.OPERATIONS)


def test_posted_then_replayed(ops: object) -> None:
    first = post_json(ops, f"{URL}/payments", BODY, **{"Idempotency-Key": "feb"})  # type: ignore[arg-type]
    assert first.status_code == 201 and "Idempotent-Replayed" not in first.headers
    body = first.json()
    assert (body["kind"], body["amount"], body["principal"], body["interest"]) == (
        "repayment", INSTALMENT, "7884.88", "1000.00")
    again = post_json(ops, f"{URL}/payments", BODY, **{"Idempotency-Key": "feb"})  # type: ignore[arg-type]
    assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == body
    assert LoanTransaction.objects.filter(kind="repayment").count() == 1


def test_the_same_key_with_another_body_is_409(ops: object) -> None:
    post_json(ops, f"{URL}/payments", BODY, **{"Idempotency-Key": "feb"})  # type: ignore[arg-type]
    response = post_json(ops, f"{URL}/payments", {**BODY, "amount": "1.00"}, **{"Idempotency-Key": "feb"})  # type: ignore[arg-type]
    assert response.status_code == 409
    assert "idempotency key" in response.json()["detail"]
    assert LoanTransaction.objects.filter(kind="repayment").count() == 1


@pytest.mark.parametrize(("body", "headers", "loc"), [
    (BODY, {}, ["header", "Idempotency-Key"]),
    ({**BODY, "amount": "-1"}, {"Idempotency-Key": "k"}, ["body", "payload", "amount"]),
    ({**BODY, "amount": "lots"}, {"Idempotency-Key": "k"}, ["body", "payload", "amount"]),
    ({**BODY, "channel": "pigeon"}, {"Idempotency-Key": "k"}, ["body", "payload", "channel"]),
    ({**BODY, "date": "2024-03-01"}, {"Idempotency-Key": "k"}, ["body", "payload", "date"]),
    ({**BODY, "date": "2024-01-01"}, {"Idempotency-Key": "k"}, ["body", "payload", "date"]),
    (BODY, {"Idempotency-Key": " "}, ["header", "Idempotency-Key"]),
])
def test_bad_input_is_422_naming_the_field(ops: object, body: dict[str, str], headers: dict[str, str],
                                           loc: list[str]) -> None:
    response = post_json(ops, f"{URL}/payments", body, **headers)  # type: ignore[arg-type]
    assert response.status_code == 422, response.json()
    assert response.json()["detail"][0]["loc"] == loc
    assert not LoanTransaction.objects.filter(kind="repayment").exists()


def test_an_unknown_loan_is_404(ops: object) -> None:
    response = post_json(ops, "/api/v1/loans/AL404/payments", BODY, **{"Idempotency-Key": "k"})  # type: ignore[arg-type]
    assert response.status_code == 404


def test_reverse_a_payment(ops: object) -> None:
    paid = post_json(ops, f"{URL}/payments", BODY, **{"Idempotency-Key": "feb"}).json()  # type: ignore[arg-type]
    finance = signed_in(Role.FINANCE)
    url = f"{URL}/payments/{paid['id']}/reversal"
    assert post_json(ops, url, {"reason": "bounced"}).status_code == 403  # type: ignore[arg-type]
    reversal = post_json(finance, url, {"reason": "returned by the bank"})
    assert reversal.status_code == 201 and reversal.json()["reverses"] == paid["id"]
    again = post_json(finance, url, {"reason": "returned by the bank"})
    assert again.status_code == 200 and again.json()["id"] == reversal.json()["id"]
    assert post_json(finance, f"{URL}/payments/999/reversal", {"reason": "x"}).status_code == 404


def test_prepay_then_pay_off(ops: object) -> None:
    post_json(ops, f"{URL}/payments", BODY, **{"Idempotency-Key": "feb"})  # type: ignore[arg-type]
    prepaid = post_json(ops, f"{URL}/prepayments", {"amount": "20000.00", "date": "2024-02-15"},  # type: ignore[arg-type]
                        **{"Idempotency-Key": "pre"})
    assert prepaid.status_code == 201 and prepaid.json()["kind"] == "prepayment"
    quote = ops.get(f"{URL}/payoff-quote").json()  # type: ignore[attr-defined]
    short = post_json(ops, f"{URL}/payoff", {"amount": "1.00", "date": "2024-02-15"},  # type: ignore[arg-type]
                      **{"Idempotency-Key": "off-1"})
    assert short.status_code == 422 and short.json()["detail"][0]["loc"] == ["body", "payload", "amount"]
    paid = post_json(ops, f"{URL}/payoff", {"amount": quote["total"], "date": "2024-02-15"},  # type: ignore[arg-type]
                     **{"Idempotency-Key": "off-2"})
    assert paid.status_code == 201 and paid.json()["kind"] == "payoff"
    assert ops.get(URL).json()["status"] == LoanStatus.PAID_OFF  # type: ignore[attr-defined]
    late = post_json(ops, f"{URL}/payments", {**BODY, "amount": "5.00"}, **{"Idempotency-Key": "after"})  # type: ignore[arg-type]
    assert late.status_code == 409
