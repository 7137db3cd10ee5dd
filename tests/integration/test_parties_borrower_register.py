"""Registering a borrower: KYC-checked fields, derived birth date and sex, one audit event."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from stdnum.cn import ric

from autolend.audit.models import AuditEvent
from autolend.parties.errors import PartyError
from autolend.parties.models import Borrower, KycStatus
from autolend.parties.services import borrower_register

pytestmark = pytest.mark.django_db

TODAY = date(2025, 3, 1)


def test_a_valid_borrower_is_registered_with_derived_facts() -> None:
    borrower = borrower_register(
        name=" 张  伟 ", resident_id="11010519491231002x", mobile="+86 138 0013 8000", as_of=TODAY,
        address="北京市朝阳区建国路1号", employer="某某科技有限公司", monthly_income="18500.50",
        bank_card="6222 0212 3456 7890 128",
    )
    stored = Borrower.objects.get(pk=borrower.pk)
    assert stored.name == "张 伟"
    assert stored.resident_id == "11010519491231002X"
    assert (stored.birth_date, stored.sex, stored.id_province) == (date(1949, 12, 31), "female", "北京市")
    assert stored.mobile == "13800138000"
    assert stored.monthly_income == Decimal("18500.50")
    assert stored.bank_card == "6222021234567890128"
    assert stored.kyc_status == KycStatus.PENDING


def test_registration_is_audited_with_masked_identifiers() -> None:
    borrower = borrower_register(name="李娜", resident_id="360426199101010071", mobile="13900139000", as_of=TODAY)
    event = AuditEvent.objects.get(action="borrower_register", object_id=str(borrower.pk))
    assert event.business_date == TODAY
    assert event.after["resident_id"] == "3604**********0071"
    assert "360426199101010071" not in str(event.after)


def test_every_field_problem_is_reported_at_once() -> None:
    with pytest.raises(PartyError) as caught:
        borrower_register(name="", resident_id="110105194912310021", mobile="12345", as_of=TODAY,
                          monthly_income="-1", bank_card="6222021234567890123")
    fields = {(issue.field, issue.code) for issue in caught.value.issues}
    assert fields == {
        ("name", "name_required"), ("resident_id", "resident_id_checksum"), ("mobile", "mobile_format"),
        ("monthly_income", "income_invalid"), ("bank_card", "bank_card_checksum"),
    }
    assert not Borrower.objects.exists()


def test_a_minor_is_refused_on_the_business_date() -> None:
    seventeen = "11010520080302" + "002"  # born 2008-03-02: 17 on 2025-03-01, 18 on 2026-03-02
    number = seventeen + ric.calc_check_digit(seventeen + "0")
    with pytest.raises(PartyError) as caught:
        borrower_register(name="王小明", resident_id=number, mobile="13700137000", as_of=TODAY)
    assert caught.value.issues[0].code == "borrower_minor"
    assert borrower_register(name="王小明", resident_id=number, mobile="13700137000", as_of=date(2026, 3, 2)).pk
