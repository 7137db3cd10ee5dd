"""A borrower sees only their own applications, contracts and loans: another borrower's id in
the URL is a 404 (nothing about it is revealed), staff are refused the portal (403) and a
signed-out visitor is sent to the portal's sign-in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from autolend.identity.models import Role, User
from autolend.origination import testing as t
from autolend.servicing.models import BusinessDay
from autolend.servicing.services import loan_book
from autolend.servicing.testing import DISBURSED, standard_setup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    t.configure(settings, tmp_path)
    t.seed_catalogue()
    BusinessDay.objects.update_or_create(id=1, defaults={"business_date": DISBURSED})


def borrower(phone: str) -> tuple[User, Client]:
    user = User.objects.create(username=phone, phone=phone, role=Role.BORROWER)
    client = Client()
    client.force_login(user)
    return user, client


def test_another_borrowers_application_and_loan_are_not_found() -> None:
    owner, own = borrower("13911112222")
    _, other = borrower("13933334444")
    app = t.submit(channel="borrower_web")
    app.borrower.user = owner
    app.borrower.save(update_fields=["user"])
    loan = loan_book(standard_setup(), borrower_name="王芳", dealer_name="", borrower=owner,
                     payee_account="6222020200112233446", business_date=DISBURSED, actor=owner)
    mine = [f"/portal/applications/{app.pk}/", f"/portal/loans/{loan.number}/"]
    for url in mine:
        assert own.get(url).status_code == 200, url
        assert other.get(url).status_code == 404, url
    assert other.get(f"/portal/applications/{app.pk}/contract.pdf").status_code == 404
    offer = app.offers.order_by("rank").first()
    assert other.post(f"/portal/applications/{app.pk}/offers/{offer.pk}/accept/").status_code == 404
    assert other.post(f"/portal/loans/{loan.number}/pay/repayment/", {"amount": "1", "key": "k"}).status_code == 404
    app.refresh_from_db()
    assert app.status == "approved" and not loan.transactions.exists()
    assert app.number not in other.get("/portal/").content.decode()


def test_staff_are_refused_and_visitors_sent_to_sign_in() -> None:
    staff = Client()
    staff.force_login(User.objects.create(username="ops", role=Role.OPERATIONS))
    # staff two-factor (if installed) may send an unverified staff session to its code step first
    assert staff.get("/portal/").status_code in (302, 403)
    visitor = Client().get("/portal/loans/AL1/")
    assert visitor.status_code == 302 and visitor["Location"] == "/portal/login/?next=%2Fportal%2Floans%2FAL1%2F"
