"""The parties admin pages open for a superuser (list and change views of every model)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.test import Client

from autolend.identity.models import Role, User
from autolend.identity.testing import login
from autolend.integrations.identity import SimulatedIdentityVerifier
from autolend.parties.services import (
    borrower_register,
    consent_grant,
    dealer_register,
    dealer_staff_add,
    identity_check_run,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client, admin_user: User) -> Client:
    """The admin, signed in past the staff two-factor step."""
    return login(client, admin_user)


def test_every_parties_admin_page_opens(admin_client: Client) -> None:
    borrower = borrower_register(name="张伟", resident_id="11010519491231002X", mobile="13800138000",
                                 as_of=date(2025, 3, 1))
    dealer = dealer_register(name="北京某某汽车销售服务有限公司", uscc="91110000600037341L", bank_account_name="北京某某",
                             bank_account_number="110060149018800012345", bank_name="交通银行北京分行")
    staff = dealer_staff_add(dealer, User.objects.create_user(username="seller", password="x", role=Role.DEALER))
    consent = consent_grant(borrower, kind="credit_pull", text="授权", text_version="1", channel="web",
                            granted_at=datetime(2025, 3, 1, tzinfo=UTC))
    check = identity_check_run(borrower, SimulatedIdentityVerifier())
    for model, pk in [("borrower", borrower.pk), ("dealer", dealer.pk), ("dealerstaff", staff.pk),
                      ("consentrecord", consent.pk), ("identitycheck", check.pk)]:
        assert admin_client.get(f"/admin/parties/{model}/").status_code == 200, model
        assert admin_client.get(f"/admin/parties/{model}/{pk}/change/").status_code == 200, model
