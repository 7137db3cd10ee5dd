"""Partner API tokens: issue (shown once), revoke. Only the token's SHA-256 is stored."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction

from autolend.audit.services import audit_record
from autolend.origination.models import PartnerToken
from autolend.origination.services._common import actor_or_none, now
from autolend.parties.models import Dealer

PREFIX = "alp_"  # autolend partner: recognisable in logs and secret scanners


def token_hash(raw: str) -> str:
    """SHA-256 hex of a token. A token is 256 random bits, so a fast hash is enough (no guessing)."""
    return hashlib.sha256(raw.encode()).hexdigest()


def partner_token_issue(name: str, *, dealer: Dealer | None = None, actor: Any = None) -> tuple[PartnerToken, str]:
    """A new token for partner ``name`` (acting for ``dealer`` if given): (row, the token itself)."""
    label = " ".join((name or "").split())[:100]
    if not label:
        raise ValueError("a partner token needs the partner's name")
    raw = PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = PartnerToken.objects.create(name=label, prefix=raw[:10], token_hash=token_hash(raw), dealer=dealer,
                                            created_by=actor_or_none(actor), created_at=now())
        audit_record("partner_token_issue", "partner_token", token.pk, actor=actor,
                     after={"name": label, "prefix": token.prefix, "dealer_id": token.dealer_id})
    return token, raw


def partner_token_revoke(token: PartnerToken, *, actor: Any = None) -> PartnerToken:
    with transaction.atomic():
        row = PartnerToken.objects.select_for_update().get(pk=token.pk)
        if row.revoked_at is None:
            row.revoked_at = now()
            row.save(update_fields=["revoked_at"])
            audit_record("partner_token_revoke", "partner_token", row.pk, actor=actor, after={"prefix": row.prefix})
    return row

