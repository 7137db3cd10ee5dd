"""Consents (授权): what the borrower agreed to, proven by the text's hash, and revocation."""

from __future__ import annotations

import hashlib
import unicodedata
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.db import transaction

from autolend.audit.services import AuditItem, audit_record
from autolend.parties.errors import FieldIssue, PartyError, issue
from autolend.parties.models import Borrower, Channel, ConsentKind, ConsentRecord
from autolend.parties.services._common import now
from autolend.rows import rows_insert


def consent_text_hash(text: str) -> str:
    """SHA-256 (hex) of the consent text as shown: Unicode NFC, line endings as ``\\n``, so the
    same text hashes the same from any browser or operating system."""
    normal = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def consent_grant(
    borrower: Borrower,
    *,
    kind: str,
    text: str,
    text_version: str,
    channel: str,
    ip: str | None = None,
    granted_at: datetime | None = None,
    actor: Any = None,
    audit: list[AuditItem] | None = None,
) -> ConsentRecord:
    """Record that ``borrower`` agreed to ``text`` (version ``text_version``) of ``kind`` (e.g.
    ``credit_pull``: 征信授权) through ``channel`` (web / dealer / api) from ``ip``, at
    ``granted_at`` (default now). Only the text's hash is stored: the text itself is versioned
    where it is published. A new grant does not replace earlier ones; the latest unrevoked counts.
    ``audit``: the caller's transaction records the audit event (appended to this list).
    """
    issues: list[FieldIssue] = []
    if kind not in ConsentKind.values:
        issues.append(issue("kind", "consent_kind"))
    if channel not in Channel.values:
        issues.append(issue("channel", "consent_channel"))
    version = (text_version or "").strip()
    if not (text or "").strip() or not version:
        issues.append(issue("text" if not (text or "").strip() else "text_version", "consent_text_required"))
    elif len(version) > 40:
        issues.append(issue("text_version", "too_long"))
    if ip:
        try:
            validate_ipv46_address(ip)
        except ValidationError:
            issues.append(issue("ip", "ip_invalid"))
    if issues:
        raise PartyError.from_issues(issues)
    with transaction.atomic(savepoint=False):  # nested: a failure fails the caller's transaction whole
        (consent,) = rows_insert([ConsentRecord(
            borrower=borrower, kind=kind, text_version=version, text_hash=consent_text_hash(text),
            granted_at=granted_at or now(), channel=channel, ip=ip or None,
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )])
        item = AuditItem("consent_grant", "borrower", borrower.pk, after=_snapshot(consent))
        if audit is None:
            audit_record(item.action, item.object_type, item.object_id, actor=actor, after=item.after)
        else:
            audit.append(item)
    return consent


def consent_revoke(
    consent: ConsentRecord | int, *, revoked_at: datetime | None = None, reason: str = "", actor: Any = None
) -> ConsentRecord:
    """Revoke a consent from ``revoked_at`` (default now); a revoked consent stays revoked."""
    pk = consent.pk if isinstance(consent, ConsentRecord) else int(consent)
    with transaction.atomic():
        # Locked: two revocations at once would both pass the check and overwrite revoked_at.
        locked = ConsentRecord.objects.select_for_update().get(pk=pk)
        if locked.revoked_at is not None:
            raise PartyError.of("consent", "consent_revoked")
        when = revoked_at or now()
        if when < locked.granted_at:
            raise PartyError.of("revoked_at", "consent_revoke_before_grant")
        before = _snapshot(locked)
        locked.revoked_at = when
        locked.revoke_reason = (reason or "")[:200]
        locked.save(update_fields=["revoked_at", "revoke_reason"])
        audit_record("consent_revoke", "borrower", locked.borrower_id, actor=actor, before=before,
                     after=_snapshot(locked))
    return locked


def _snapshot(consent: ConsentRecord) -> dict[str, Any]:
    return {
        "consent_id": consent.pk, "kind": consent.kind, "text_version": consent.text_version,
        "text_hash": consent.text_hash, "channel": consent.channel, "ip": consent.ip,
        "granted_at": consent.granted_at.isoformat(),
        "revoked_at": consent.revoked_at.isoformat() if consent.revoked_at else None,
        "revoke_reason": consent.revoke_reason,
    }
