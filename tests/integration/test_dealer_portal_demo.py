"""The demo gives the ``dealer`` login a dealer to work for and sets commission rates, once; the
site header leads a dealer login to the portal."""

from __future__ import annotations

import pytest
from django.test import Client

from autolend.dealer_portal.demo import dealer_portal_seed_demo
from autolend.dealer_portal.models import CommissionRate
from autolend.identity.services import demo_users_seed
from autolend.parties.models import DealerStaff
from autolend.products.demo import products_seed_demo

pytestmark = pytest.mark.django_db


def test_the_demo_dealer_login_opens_the_portal(client: Client) -> None:
    products_seed_demo()
    demo_users_seed()
    first = dealer_portal_seed_demo()
    assert dealer_portal_seed_demo() == first and "login 'dealer' works for" in first
    staff = DealerStaff.objects.get()
    assert staff.user.username == "dealer"
    assert sorted(CommissionRate.objects.values_list("product_code", "rate_pct")) == [
        ("BALLOON", 1.5), ("NEWCAR", 1.5), ("USEDCAR", 2)]
    client.force_login(staff.user)
    assert client.get("/dealer/").status_code == 200
    assert 'href="/dealer/"' in client.get("/").content.decode()  # the header leads a dealer to the portal
