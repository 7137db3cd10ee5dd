"""The products admin pages open, and the admin's approve action runs maker-checker as the
signed-in user."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from autolend.identity.models import Role, User
from autolend.identity.testing import login
from autolend.products.demo import products_seed_demo
from autolend.products.models import ProductVersion, RegulatoryCap
from autolend.products.services import product_version_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client, admin_user: User) -> Client:
    """The admin, signed in past the staff two-factor step."""
    return login(client, admin_user)


def test_every_products_admin_page_opens(admin_client: Client) -> None:
    products_seed_demo()
    version = ProductVersion.objects.first()
    cap = RegulatoryCap.objects.first()
    assert version is not None and cap is not None
    for model, pk in [("product", version.product_id), ("productversion", version.pk), ("regulatorycap", cap.pk)]:
        assert admin_client.get(f"/admin/products/{model}/").status_code == 200, model
        assert admin_client.get(f"/admin/products/{model}/{pk}/change/").status_code == 200, model


def test_the_approve_action_refuses_the_maker(admin_client: Client, admin_user: User) -> None:
    products_seed_demo()
    other = User.objects.create_user(username="maker", password="x", role=Role.RISK_MANAGER)
    own = product_version_submit("USEDCAR", effective_from=date(2026, 1, 1), maker=admin_user,
                                 settings={"ltv_caps": {"used": "70"}})
    theirs = product_version_submit("PLEDGE", effective_from=date(2026, 1, 1), maker=other,
                                    settings={"ltv_caps": {"used": "60"}, "repayment_methods": ["interest-only"]})
    admin_client.post("/admin/products/productversion/",
                      {"action": "approve_selected", "_selected_action": [own.pk, theirs.pk]})
    own.refresh_from_db()
    theirs.refresh_from_db()
    assert (own.status, theirs.status, theirs.checker) == ("pending_approval", "active", admin_user)
