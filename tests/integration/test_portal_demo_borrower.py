"""The demo login ``borrower`` is a demo borrower: linked to them, with their mobile as its phone,
it signs in at /portal/ with that mobile and the demo password (a code by SMS on a new browser,
readable at /portal/sms/ in the demo), sees its loan with the schedule and its application; another
borrower's loan is a 404. Linking again changes nothing."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from autolend.audit.models import AuditEvent
from autolend.identity.models import User
from autolend.identity.services import DEMO_PASSWORD, demo_users_seed
from autolend.integrations.messaging import SimulatedSender
from autolend.origination import testing as t
from autolend.origination.models import Application
from autolend.parties.demo import borrowers_seed_demo
from autolend.portal.demo import borrower_demo_link, borrower_demo_mobile
from autolend.portal.testing import last_code
from autolend.servicing.models import BusinessDay
from autolend.servicing.services import loan_book, repayment_post
from autolend.servicing.testing import DISBURSED, disburse, staff, standard_setup

pytestmark = pytest.mark.django_db
PAID_ON = date(2024, 2, 15)


@pytest.fixture(autouse=True)
def _world(settings: Any, tmp_path: Path) -> dict[str, Any]:
    """Two demo borrowers, the first linked to the ``borrower`` login, each with a loan paid once."""
    t.configure(settings, tmp_path)
    settings.AUTOLEND_DEMO = True
    settings.AUTOLEND_MESSAGING = "simulated"
    SimulatedSender.reset()
    t.seed_catalogue()
    demo_users_seed()
    login = User.objects.get(username="borrower")
    people = [b for b, _ in borrowers_seed_demo(2, DISBURSED - timedelta(days=30), first_user=login)]
    loans = []
    for person, user in zip(people, (login, None), strict=True):
        loan = disburse(loan_book(standard_setup(), borrower_name=person.name, borrower=user, dealer_name="",
                                  payee_account="6222020200112233446", business_date=DISBURSED,
                                  actor=staff("maker")))
        repayment_post(loan.number, Decimal("8884.88"), PAID_ON, f"demo-{loan.number}", actor=staff("maker"))
        loans.append(loan)
    BusinessDay.objects.update_or_create(id=1, defaults={"business_date": PAID_ON})
    return {"people": people, "loans": loans}


def test_the_demo_borrower_signs_in_with_the_mobile_and_sees_only_their_loan(_world: dict[str, Any]) -> None:
    mine, theirs = _world["loans"]
    person = _world["people"][0]
    line = borrower_demo_link(as_of=t.AS_OF)
    login = User.objects.get(username="borrower")
    assert login.phone == person.mobile == borrower_demo_mobile()
    assert f"sign in at /portal/ with mobile {person.mobile}; loans {mine.number}; application " in line
    app = Application.objects.get(device_id="demo-portal-borrower")
    assert app.borrower_id == person.pk and app.channel == "borrower_web"

    client = Client(headers={"Accept-Language": "en"})
    hint = f"the demo borrower signs in with the mobile number <code>{person.mobile}</code>"
    assert hint in client.get("/portal/login/").content.decode()
    sent = client.post("/portal/login/", {"phone": person.mobile, "password": DEMO_PASSWORD})
    assert sent.status_code == 302 and sent["Location"] == "/portal/verify/"  # a new browser: a code
    code = last_code(person.mobile)
    assert code in client.get("/portal/sms/").content.decode()
    done = client.post("/portal/verify/", {"code": code})
    assert done.status_code == 302 and done["Location"] == "/portal/"
    home = client.get("/portal/").content.decode()
    assert mine.number in home and app.number in home and theirs.number not in home

    page = client.get(f"/portal/loans/{mine.number}/").content.decode()
    assert 'id="schedule"' in page
    assert page.count('<tr class="row-') == 12 and page.count('class="row-paid"') == 1
    assert "8884.88" in page
    assert client.get(f"/portal/loans/{theirs.number}/").status_code == 404


def test_a_wrong_password_for_the_mobile_is_refused_and_counted(_world: dict[str, Any]) -> None:
    from autolend.identity.models import LoginAttempt

    borrower_demo_link(apply=False)
    mobile = _world["people"][0].mobile
    refused = Client(headers={"Accept-Language": "en"}).post("/portal/login/", {"phone": mobile, "password": "nope"})
    assert "The mobile number or the password is not right." in refused.content.decode()
    assert LoginAttempt.objects.filter(username=mobile, outcome="failed").count() == 1


def test_the_mobile_cannot_be_registered_again(_world: dict[str, Any]) -> None:
    borrower_demo_link(apply=False)
    mobile = _world["people"][0].mobile
    page = Client(headers={"Accept-Language": "en"}).post(
        "/portal/register/", {"phone": mobile, "password": "Qiche-2025-demo", "password2": "Qiche-2025-demo"})
    assert "This mobile number is already registered: sign in instead." in page.content.decode()


def test_linking_again_changes_nothing(_world: dict[str, Any]) -> None:
    first = borrower_demo_link(as_of=t.AS_OF)
    events = AuditEvent.objects.count()
    assert borrower_demo_link(as_of=t.AS_OF) == first
    assert AuditEvent.objects.count() == events
    assert Application.objects.filter(device_id="demo-portal-borrower").count() == 1
