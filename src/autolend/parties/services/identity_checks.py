"""Identity checks (三要素 / 四要素 核验) through the ``integrations.identity`` port."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

from autolend.audit.services import AuditItem, audit_record
from autolend.integrations.identity import (
    IdentityFactors,
    IdentityVerifier,
    Outcome,
    VerificationResult,
    identity_verifier,
)
from autolend.parties.errors import PartyError, kyc_issue
from autolend.parties.kyc import bank_card_check
from autolend.parties.models import Borrower, IdentityCheck, KycStatus
from autolend.parties.services._common import now
from autolend.rows import rows_insert, rows_update

logger = logging.getLogger("autolend.parties")

_KYC_AFTER = {Outcome.MATCH: KycStatus.VERIFIED, Outcome.MISMATCH: KycStatus.FAILED}


def identity_check_run(
    borrower: Borrower | int, gateway: IdentityVerifier | None = None, *, bank_card: str = "", actor: Any = None
) -> IdentityCheck:
    """Check the borrower's name + resident ID + mobile (and ``bank_card`` when given: four
    factors) with ``gateway`` (default the configured verifier) and record the answer.

    A match makes the borrower ``verified``, a mismatch ``failed``; a provider error leaves the
    KYC status as it was. The provider is called outside the transaction (it is a remote call);
    the record and the status change are one transaction with one audit event.
    """
    pk = borrower.pk if isinstance(borrower, Borrower) else int(borrower)
    subject = Borrower.objects.get(pk=pk)
    card = ""
    if (bank_card or "").strip():
        checked = bank_card_check(bank_card)
        if not checked.ok:
            raise PartyError.from_issues([kyc_issue("bank_card", e) for e in checked.errors])
        card = checked.value
    factors = IdentityFactors(subject.name, subject.resident_id, subject.mobile, card)
    result = identity_verify(factors, gateway)
    with transaction.atomic():
        # Locked: two checks finishing at once must not interleave their status changes.
        locked = Borrower.objects.select_for_update().get(pk=pk)
        items: list[AuditItem] = []
        check = identity_check_record(locked, factors, result, actor=actor, audit=items)
        audit_record(items[0].action, items[0].object_type, items[0].object_id, actor=actor,
                     before=items[0].before, after=items[0].after)
    return check


def identity_verify(factors: IdentityFactors, gateway: IdentityVerifier | None = None) -> VerificationResult:
    """Ask ``gateway`` (default the configured verifier) about ``factors``: a remote call, made
    outside any transaction; a failing adapter is an ``error`` answer, never an exception."""
    return _ask(gateway or identity_verifier(), factors)


def identity_check_record(borrower: Borrower, factors: IdentityFactors, result: VerificationResult, *,
                          actor: Any = None, audit: list[AuditItem]) -> IdentityCheck:
    """Record ``result`` of ``identity_verify`` for ``borrower`` (locked by the caller, or created
    in the caller's transaction) and set its KYC status; the audit event is appended to ``audit``
    for the caller to record in the same transaction."""
    before = borrower.kyc_status
    (check,) = rows_insert([IdentityCheck(
        borrower=borrower, provider=result.provider[:40], result=result.outcome.value,
        factors=list(factors.names), mismatched=list(result.mismatched), reference=result.reference[:64],
        message=result.message[:200], checked_at=now(), requested_by=actor if getattr(actor, "pk", None) else None,
    )])
    after = _KYC_AFTER.get(result.outcome, before)
    if after != before:
        borrower.kyc_status = after
        rows_update([borrower], ["kyc_status"])  # plain UPDATE by key: no queryset to compile
    audit.append(AuditItem(
        "identity_check_run", "borrower", borrower.pk, before={"kyc_status": before},
        after={"kyc_status": borrower.kyc_status, "check_id": check.pk, "provider": check.provider,
               "result": check.result, "factors": check.factors, "mismatched": check.mismatched},
    ))
    return check


def _ask(verifier: IdentityVerifier, factors: IdentityFactors) -> VerificationResult:
    provider = str(getattr(verifier, "provider", type(verifier).__name__))
    try:
        return verifier.verify(factors)
    except Exception as exc:  # an adapter failure is recorded as "no answer", never a 500
        logger.warning("identity verifier %s failed", provider, exc_info=exc)
        return VerificationResult(Outcome.ERROR, provider, "", (), f"verifier failed: {type(exc).__name__}")
