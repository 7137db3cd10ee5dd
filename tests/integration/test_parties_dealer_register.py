"""Registering a dealer: USCC checked, province derived, payout account checked; staff must have
the dealer role; suspension is audited."""

from __future__ import annotations

import pytest

from autolend.audit.models import AuditEvent
from autolend.identity.models import Role, User
from autolend.parties.errors import PartyError
from autolend.parties.selectors import dealer_by_uscc, dealers_of_user
from autolend.parties.services import dealer_register, dealer_staff_add, dealer_status_set

pytestmark = pytest.mark.django_db

DEALER = {"name": "北京某某汽车销售服务有限公司", "uscc": "91110000600037341L",
          "bank_account_name": "北京某某汽车销售服务有限公司", "bank_account_number": "1100 6014 9018 8000 12345",
          "bank_name": "交通银行北京分行"}


def test_a_dealer_is_registered_with_its_province_from_the_uscc() -> None:
    dealer = dealer_register(**DEALER)
    assert (dealer.uscc, dealer.province, dealer.status) == ("91110000600037341L", "北京市", "active")
    assert dealer.bank_account_number == "110060149018800012345"
    assert dealer_by_uscc("91110000600037341l") == dealer
    assert AuditEvent.objects.filter(action="dealer_register", object_id=str(dealer.pk)).exists()


def test_bad_uscc_and_account_are_reported_together() -> None:
    with pytest.raises(PartyError) as caught:
        dealer_register(**{**DEALER, "uscc": "91110000600037341M", "bank_account_number": "12-34", "bank_name": ""})
    assert {(i.field, i.code) for i in caught.value.issues} == {
        ("uscc", "uscc_checksum"), ("bank_account_number", "bank_account_format"),
        ("bank_name", "bank_account_required"),
    }


def test_staff_need_the_dealer_role_and_join_once() -> None:
    dealer = dealer_register(**DEALER)
    seller = User.objects.create_user(username="seller", password="x", role=Role.DEALER)
    clerk = User.objects.create_user(username="clerk", password="x", role=Role.UNDERWRITER)
    dealer_staff_add(dealer, seller)
    assert dealers_of_user(seller.pk) == [dealer]
    with pytest.raises(PartyError, match="already staff"):
        dealer_staff_add(dealer, seller)
    with pytest.raises(PartyError, match="dealer role"):
        dealer_staff_add(dealer, clerk)


def test_suspension_is_audited() -> None:
    dealer = dealer_register(**DEALER)
    dealer_status_set(dealer, "suspended", reason="stock audit failed")
    event = AuditEvent.objects.get(action="dealer_status_set")
    assert (event.before["status"], event.after["status"], event.after["reason"]) == (
        "active", "suspended", "stock audit failed")
