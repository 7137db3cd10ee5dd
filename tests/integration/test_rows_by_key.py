"""``rows.row_get`` and ``rows.row_update_where``, the request paths' prepared statements: a row
read by key is the row the ORM reads (JSON, dates, decimals, IP addresses, foreign keys), a
condition on NULL is honoured, and a conditional update changes nothing once its condition no
longer holds. On PostgreSQL these are plain SQL; elsewhere the ORM (the same assertions hold)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.forms.models import model_to_dict
from stdnum.cn import ric

from autolend.integrations.identity import SimulatedIdentityVerifier
from autolend.origination.models import PartnerToken
from autolend.origination.selectors import partner_token_find
from autolend.origination.services import partner_token_issue, partner_token_revoke
from autolend.parties.models import Borrower, ConsentRecord, IdentityCheck, KycStatus
from autolend.parties.services import borrower_register, consent_grant, identity_check_run
from autolend.rows import row_get, row_update_where

pytestmark = pytest.mark.django_db


def _borrower(sequence: str = "123") -> Borrower:
    body = "11010519900307" + sequence
    return borrower_register(name="张伟", resident_id=body + ric.calc_check_digit(body + "0"), mobile="13800138000",
                             as_of=date(2025, 3, 1), monthly_income="12345.60", address="北京市东城区")


def _fields(row: object) -> dict[str, object]:
    return {f.attname: getattr(row, f.attname) for f in type(row)._meta.concrete_fields}  # type: ignore[attr-defined]


def test_a_row_by_key_is_the_row_the_orm_reads() -> None:
    borrower = _borrower()
    check = identity_check_run(borrower, SimulatedIdentityVerifier())
    consent = consent_grant(borrower, kind="credit_pull", text="本人授权查询征信报告。", text_version="2025.1",
                            channel="web", ip="192.0.2.7")

    read = row_get(Borrower, {"resident_id": borrower.resident_id})
    assert read is not None and not read._state.adding
    assert _fields(read) == _fields(Borrower.objects.get(pk=borrower.pk))
    assert read.monthly_income == Decimal("12345.60") and read.birth_date == date(1990, 3, 7)
    assert read.kyc_status == KycStatus.VERIFIED

    checked = row_get(IdentityCheck, {"id": check.pk})
    assert checked is not None and checked.factors == ["name", "resident_id", "mobile"]  # JSON, decoded
    assert _fields(checked) == _fields(IdentityCheck.objects.get(pk=check.pk))

    granted = row_get(ConsentRecord, {"borrower": borrower.pk, "revoked_at": None})
    assert granted is not None and granted.ip == "192.0.2.7" and granted.pk == consent.pk
    assert model_to_dict(granted) == model_to_dict(ConsentRecord.objects.get(pk=consent.pk))


def test_no_row_is_none_and_a_null_condition_is_honoured() -> None:
    assert row_get(Borrower, {"resident_id": "110105199003071234"}) is None
    token, raw = partner_token_issue("partner")
    found = partner_token_find(raw)
    assert found is not None and found.pk == token.pk and found.dealer is None
    partner_token_revoke(token)
    assert row_get(PartnerToken, {"id": token.pk}) is not None
    assert row_get(PartnerToken, {"id": token.pk, "revoked_at": None}) is None
    assert partner_token_find(raw) is None


def test_a_blank_ip_address_is_stored_as_null() -> None:
    consent = consent_grant(_borrower(), kind="credit_pull", text="本人授权查询征信报告。", text_version="2025.1",
                            channel="api", ip="")
    assert ConsentRecord.objects.get(pk=consent.pk).ip is None


def test_a_conditional_update_changes_nothing_once_its_condition_fails() -> None:
    borrower = _borrower()
    where = {"id": borrower.pk, "kyc_status": KycStatus.PENDING}
    assert row_update_where(Borrower, where, {"kyc_status": KycStatus.VERIFIED, "employer": "某公司"}) == 1
    assert row_update_where(Borrower, where, {"kyc_status": KycStatus.FAILED}) == 0
    stored = Borrower.objects.get(pk=borrower.pk)
    assert (stored.kyc_status, stored.employer) == (KycStatus.VERIFIED, "某公司")
