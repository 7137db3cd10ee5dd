"""Consents: granted with the text's SHA-256, version, channel and IP; revoked once; the consent
in force at a moment is the latest one not revoked by then."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta

import pytest

from autolend.audit.models import AuditEvent
from autolend.parties.errors import PartyError
from autolend.parties.models import Borrower
from autolend.parties.selectors import consent_in_force
from autolend.parties.services import (
    borrower_register,
    consent_grant,
    consent_revoke,
    consent_text_hash,
)

pytestmark = pytest.mark.django_db

TEXT = "本人授权贵公司向中国人民银行征信中心查询本人信用报告。\n授权期限：自签署之日起至业务结清。"
T0 = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def borrower() -> Borrower:
    return borrower_register(name="张伟", resident_id="11010519491231002X", mobile="13800138000",
                             as_of=date(2025, 3, 1))


def test_grant_keeps_the_hash_of_the_text_not_the_text(borrower: Borrower) -> None:
    consent = consent_grant(borrower, kind="credit_pull", text=TEXT, text_version="2025.1", channel="web",
                            ip="203.0.113.7", granted_at=T0)
    assert consent.text_hash == hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
    assert (consent.kind, consent.text_version, consent.channel, consent.ip) == (
        "credit_pull", "2025.1", "web", "203.0.113.7")
    assert AuditEvent.objects.filter(action="consent_grant", object_id=str(borrower.pk)).count() == 1


def test_the_hash_ignores_line_ending_style() -> None:
    assert consent_text_hash(TEXT.replace("\n", "\r\n")) == consent_text_hash(TEXT)
    assert consent_text_hash(TEXT + " ") != consent_text_hash(TEXT)


def test_revocation_ends_the_consent_from_its_time(borrower: Borrower) -> None:
    consent = consent_grant(borrower, kind="credit_pull", text=TEXT, text_version="2025.1", channel="dealer",
                            granted_at=T0)
    revoked = consent_revoke(consent, revoked_at=T0 + timedelta(days=10), reason="borrower request")
    assert revoked.revoked_at == T0 + timedelta(days=10)
    assert consent_in_force(borrower.pk, "credit_pull", T0 + timedelta(days=5)) == consent
    assert consent_in_force(borrower.pk, "credit_pull", T0 + timedelta(days=10)) is None
    assert consent_in_force(borrower.pk, "credit_pull", T0 - timedelta(seconds=1)) is None
    assert AuditEvent.objects.filter(action="consent_revoke").count() == 1


def test_a_consent_is_revoked_once_and_not_before_it_was_granted(borrower: Borrower) -> None:
    consent = consent_grant(borrower, kind="privacy", text=TEXT, text_version="1", channel="api", granted_at=T0)
    with pytest.raises(PartyError) as early:
        consent_revoke(consent, revoked_at=T0 - timedelta(hours=1))
    assert early.value.issues[0].code == "consent_revoke_before_grant"
    consent_revoke(consent, revoked_at=T0 + timedelta(hours=1))
    with pytest.raises(PartyError) as again:
        consent_revoke(consent)
    assert again.value.issues[0].code == "consent_revoked"


def test_kind_channel_text_and_ip_are_checked(borrower: Borrower) -> None:
    with pytest.raises(PartyError) as caught:
        consent_grant(borrower, kind="marketing", text=" ", text_version="1", channel="fax", ip="999.1.1.1")
    assert {(i.field, i.code) for i in caught.value.issues} == {
        ("kind", "consent_kind"), ("channel", "consent_channel"), ("text", "consent_text_required"),
        ("ip", "ip_invalid"),
    }
