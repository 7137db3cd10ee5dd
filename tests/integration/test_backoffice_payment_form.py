"""Posting a repayment from the loan page: the page's form carries an idempotency key, so the
same form submitted twice posts once; bad input is shown as a message and writes nothing."""

from __future__ import annotations

import re

import pytest
from tests.integration.interfaces_fixtures import INSTALMENT, active_loan, signed_in

from autolend.identity.models import Role
from autolend.servicing.models import LoanTransaction
from autolend.servicing.testing import fresh_books

pytestmark = pytest.mark.django_db

LOAN = "/backoffice/loans/AL00000001/"


@pytest.fixture
def ops() -> object:
    fresh_books()
    active_loan()
    return signed_in(Role.OPERATIONS)


def form_key(client: object) -> str:
    html = client.get(LOAN).content.decode()  # type: ignore[attr-defined]
    match = re.search(r'name="key" value="([^"]+)"', html)
    assert match is not None
    return match.group(1)


def test_posted_once_when_submitted_twice(ops: object) -> None:
    form = {"amount": INSTALMENT, "date": "2024-02-15", "channel": "manual", "key": form_key(ops)}
    first = ops.post(f"{LOAN}payments/", form, follow=True, headers={"Accept-Language": "en"})  # type: ignore[attr-defined]
    assert f"Payment of ¥{INSTALMENT} posted" in first.content.decode()
    second = ops.post(f"{LOAN}payments/", form, follow=True, headers={"Accept-Language": "en"})  # type: ignore[attr-defined]
    assert "already posted" in second.content.decode()
    assert LoanTransaction.objects.filter(kind="repayment").count() == 1


@pytest.mark.parametrize(("change", "message"), [
    ({"amount": "0"}, "Amount"),
    ({"date": "2024-03-01"}, "after the business date"),
    ({"date": "2024-01-01"}, "is before the disbursement"),
])
def test_bad_input_is_shown(ops: object, change: dict[str, str], message: str) -> None:
    form = {"amount": "10.00", "date": "2024-02-15", "channel": "manual", "key": form_key(ops), **change}
    response = ops.post(f"{LOAN}payments/", form, follow=True, headers={"Accept-Language": "en"})  # type: ignore[attr-defined]
    assert message in response.content.decode()
    assert not LoanTransaction.objects.filter(kind="repayment").exists()
