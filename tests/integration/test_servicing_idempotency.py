"""Stripe-style idempotency keys on repayments: a replay returns the first transaction, a changed
request with the same key is refused, and a gateway event redelivered later changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal as D

import pytest

from autolend.integrations.payments import SimulatedGateway
from autolend.ledger.models import JournalLine
from autolend.servicing.errors import ServicingError
from autolend.servicing.models import LoanTransaction
from autolend.servicing.selectors import transaction_json
from autolend.servicing.services import (
    payoff_post,
    prepayment_post,
    repayment_from_gateway,
    repayment_post,
)
from autolend.servicing.testing import assert_books_clean, disbursed_loan, fresh_books

pytestmark = pytest.mark.django_db
FEB15 = date(2024, 2, 15)


@pytest.fixture(autouse=True)
def clean_books() -> Iterator[None]:
    fresh_books()
    yield
    assert_books_clean()


def test_a_replay_returns_the_first_transaction_and_posts_nothing() -> None:
    loan = disbursed_loan()
    first = repayment_post(loan.number, "8884.88", FEB15, "pay-AL1-feb")
    lines = JournalLine.objects.count()
    again = repayment_post(loan.number, "8884.88", FEB15, "pay-AL1-feb")
    assert again.pk == first.pk
    assert transaction_json(again) == transaction_json(first)
    assert JournalLine.objects.count() == lines


def test_the_same_key_with_another_request_is_refused() -> None:
    loan = disbursed_loan()
    other = disbursed_loan()
    repayment_post(loan.number, "8884.88", FEB15, "pay-AL1-feb")
    lines, txns = JournalLine.objects.count(), LoanTransaction.objects.count()
    changed = [
        lambda: repayment_post(loan.number, "8884.89", FEB15, "pay-AL1-feb"),  # amount
        lambda: repayment_post(loan.number, "8884.88", date(2024, 2, 16), "pay-AL1-feb"),  # date
        lambda: repayment_post(loan.number, "8884.88", FEB15, "pay-AL1-feb", channel="auto_debit"),  # channel
        lambda: repayment_post(other.number, "8884.88", FEB15, "pay-AL1-feb"),  # loan
        lambda: prepayment_post(loan.number, "8884.88", FEB15, "pay-AL1-feb"),  # operation
        lambda: payoff_post(loan.number, "8884.88", FEB15, "pay-AL1-feb"),
    ]
    for post in changed:
        with pytest.raises(ServicingError) as conflict:
            post()
        assert conflict.value.field == "idempotency_key"
    assert (JournalLine.objects.count(), LoanTransaction.objects.count()) == (lines, txns)


def test_a_redelivered_gateway_event_returns_the_first_posting_even_days_later() -> None:
    loan = disbursed_loan()
    debit = SimulatedGateway().collect("6222020000765432", D("8884.88"), loan.number, "evt-77")  # auto-debit
    assert debit.ok
    event = SimulatedGateway.event("evt-77", loan.number, "8884.88", FEB15, channel="auto_debit",
                                   payer_account="6222020000765432")
    first = repayment_from_gateway(event, business_date=FEB15)
    assert (first.channel, first.external_ref, first.idempotency_key) == ("auto_debit", "evt-77", "evt-77")
    assert repayment_from_gateway(event, business_date=date(2024, 2, 20)) == first
    with pytest.raises(ServicingError) as conflict:
        repayment_from_gateway({**event, "amount": "1.00"}, business_date=FEB15)
    assert conflict.value.field == "idempotency_key"
