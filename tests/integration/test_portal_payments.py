"""The borrower pays from the loan page through the payment gateway: the instalment due is
collected from their bank card and posted through the gateway path, the schedule shows it paid;
the same form submitted twice collects and posts once; a refused card posts nothing; paying off
settles the loan at the day's quote."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from autolend.identity.models import Role, User
from autolend.origination import testing as t
from autolend.parties.services import borrower_register
from autolend.portal.testing import BANK_CARD
from autolend.servicing.models import BusinessDay, Loan, LoanStatus
from autolend.servicing.selectors import payoff_quote_for
from autolend.servicing.services import loan_book
from autolend.servicing.testing import DISBURSED, disburse, dues, fresh_books, standard_setup

pytestmark = pytest.mark.django_db
FIRST_DUE = date(2024, 2, 15)


def setup_loan(card: str = BANK_CARD) -> tuple[Client, str]:
    fresh_books()
    user = User.objects.create(username="13911112222", phone="13911112222", role=Role.BORROWER)
    borrower_register(name="王芳", resident_id=t.unique_resident_id(), mobile=user.phone, as_of=DISBURSED,
                      bank_card=card, user=user)
    loan = disburse(loan_book(standard_setup(), borrower_name="王芳", dealer_name="", borrower=user,
                              payee_account=BANK_CARD,
                              business_date=DISBURSED, actor=user), DISBURSED)
    BusinessDay.objects.update_or_create(id=1, defaults={"business_date": FIRST_DUE})
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(user)
    return client, loan.number


def test_paying_the_instalment_due_marks_it_paid() -> None:
    client, number = setup_loan()
    page = client.get(f"/portal/loans/{number}/").content.decode()
    assert 'value="8884.88"' in page  # what is due today, offered
    for _ in range(2):  # a double submission of one form
        paid = client.post(f"/portal/loans/{number}/pay/repayment/", {"amount": "8884.88", "key": "portal:k1"})
        assert paid.status_code == 302
    first = dues_of(number)[0]
    assert (first.n, first.settled_on, first.principal_paid + first.interest_paid) == (1, FIRST_DUE,
                                                                                        Decimal("8884.88"))
    loan = Loan.objects.get(number=number)
    txns = list(loan.transactions.filter(kind="repayment"))
    assert [(t.amount, t.channel, t.idempotency_key) for t in txns] == [(Decimal("8884.88"), "auto_debit", "portal:k1")]
    assert loan.principal_outstanding == Decimal("100000.00") - first.principal_paid
    html = client.get(f"/portal/loans/{number}/").content.decode()
    assert '<tr class="row-paid" data-n="1">' in html


def test_a_refused_card_posts_nothing() -> None:
    client, number = setup_loan(card="6222020200050000")  # Luhn-valid; the simulated bank refuses ...0000
    client.post(f"/portal/loans/{number}/pay/repayment/", {"amount": "8884.88", "key": "portal:k2"})
    assert not Loan.objects.get(number=number).transactions.filter(kind="repayment").exists()


def test_paying_off_settles_the_loan_at_the_quote() -> None:
    client, number = setup_loan()
    quote = payoff_quote_for(number, FIRST_DUE, FIRST_DUE)
    assert f"¥{quote.total}" in client.get(f"/portal/loans/{number}/").content.decode()
    client.post(f"/portal/loans/{number}/pay/payoff/", {"key": "portal:k3"})
    loan = Loan.objects.get(number=number)
    assert loan.status == LoanStatus.PAID_OFF and loan.transactions.get(kind="payoff").amount == quote.total


def dues_of(number: str) -> list:
    return [row for row in dues(Loan.objects.get(number=number)) if row.kind == "installment"]
