"""A dealer login sees only its own dealers' applications (selectors and API): another dealer's
application is a 404, as if it did not exist. A partner token sees only what it submitted;
staff see all; a borrower sees their own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from autolend.identity.models import Role
from autolend.identity.testing import login
from autolend.origination import testing as t
from autolend.origination.selectors import applications_visible_to
from autolend.origination.services import partner_token_issue
from autolend.parties.services import dealer_staff_add

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    t.configure(settings, tmp_path)
    t.seed_catalogue()


def test_dealers_see_only_their_own(client: Client) -> None:
    north, south = t.dealer("North Motors"), t.dealer("South Motors")
    ours, theirs = t.submit(dealer_row=north), t.submit(dealer_row=south)
    seller = t.user("seller-north", Role.DEALER)
    dealer_staff_add(north, seller)
    assert list(applications_visible_to(seller)) == [ours]
    login(client, seller)
    assert client.get(f"/api/v1/applications/{ours.pk}").status_code == 200
    assert client.get(f"/api/v1/applications/{theirs.pk}").status_code == 404
    assert [a["id"] for a in client.get("/api/v1/applications").json()] == [ours.pk]
    accept = client.post(f"/api/v1/applications/{theirs.pk}/offers/{theirs.offers.first().pk}/accept")
    assert accept.status_code == 404


def test_an_inactive_membership_sees_nothing() -> None:
    north = t.dealer("North Motors")
    t.submit(dealer_row=north)
    seller = t.user("seller-gone", Role.DEALER)
    dealer_staff_add(north, seller).__class__.objects.filter(user=seller).update(is_active=False)
    assert not applications_visible_to(seller).exists()


def test_tokens_staff_and_borrowers(client: Client) -> None:
    token, raw = partner_token_issue("Partner")
    mine = t.submit()
    mine.partner_token = token
    mine.save(update_fields=["partner_token"])
    other = t.submit()
    assert list(applications_visible_to(token)) == [mine]
    assert client.get(f"/api/v1/applications/{other.pk}", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 404
    underwriter = t.user("uw", Role.UNDERWRITER)
    assert set(applications_visible_to(underwriter)) == {mine, other}
    owner = t.user("owner", Role.BORROWER)
    other.borrower.user = owner
    other.borrower.save(update_fields=["user"])
    assert list(applications_visible_to(owner)) == [other]
    assert not applications_visible_to(t.user("nobody", "")).exists()


def test_a_borrower_applies_for_themselves_and_sees_it(client: Client) -> None:
    me = t.user("applicant-me", Role.BORROWER)
    login(client, me)
    body = {"applicant": t.applicant(), "consent": t.CONSENT,
            "vehicle": {"vin": t.vin(), "make": "大众", "model": "朗逸", "year": 2025, "condition": "new"},
            "purchase": {"product_code": "NEWCAR", "price": "150000", "down_payment": "45000", "amount": "105000",
                         "term_months": 36}}
    created = client.post("/api/v1/applications", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["channel"] == "borrower_web"
    assert [a["id"] for a in client.get("/api/v1/applications").json()] == [created.json()["id"]]
    login(client, t.user("someone-else", Role.BORROWER))
    again = client.post("/api/v1/applications", {**body, "vehicle": {**body["vehicle"], "vin": t.vin()}},
                        content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 422
    assert again.json()["detail"][0]["msg"] == "You can apply only for yourself."
