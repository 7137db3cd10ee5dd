"""Dealers (经销商): registration with a checked USCC and payout account, status, staff."""

from __future__ import annotations

import re
from typing import Any

from django.db import IntegrityError, transaction

from autolend.audit.services import audit_record
from autolend.identity.models import Role
from autolend.parties.errors import FieldIssue, PartyError, issue, kyc_issue
from autolend.parties.kyc import uscc_check
from autolend.parties.models import Dealer, DealerStaff, DealerStatus
from autolend.parties.services._common import dealer_snapshot, now, text_field

_ACCOUNT = re.compile(r"\d{8,32}")


def dealer_register(
    *,
    name: str,
    uscc: str,
    bank_account_name: str,
    bank_account_number: str,
    bank_name: str,
    address: str = "",
    province: str = "",
    actor: Any = None,
) -> Dealer:
    """Register an active dealer and return it; ``PartyError`` lists every field problem.

    ``uscc``: the unified social credit code (GB 32100, check character verified); a code already
    registered is refused (``uscc_taken``). The payout account: name, 8-32 digit number, bank.
    ``province`` defaults to the one of the USCC's registering region.
    """
    issues: list[FieldIssue] = []
    code = uscc_check(uscc)
    issues.extend(kyc_issue("uscc", error) for error in code.errors)
    values = {
        "name": text_field(issues, "name", name, 100, required=True),
        "uscc": code.value,
        "bank_account_name": text_field(issues, "bank_account_name", bank_account_name, 100, required=True,
                                        code_required="bank_account_required"),
        "bank_account_number": re.sub(r"[\s-]", "", bank_account_number or ""),
        "bank_name": text_field(issues, "bank_name", bank_name, 100, required=True,
                                code_required="bank_account_required"),
        "address": text_field(issues, "address", address, 200),
        "province": text_field(issues, "province", province, 20) or code.province,
    }
    if not _ACCOUNT.fullmatch(values["bank_account_number"]):
        issues.append(issue("bank_account_number", "bank_account_format"))
    if not issues and Dealer.objects.filter(uscc=code.value).exists():
        issues.append(issue("uscc", "uscc_taken"))
    if issues:
        raise PartyError.from_issues(issues)
    try:
        with transaction.atomic():
            dealer = Dealer.objects.create(**values, status=DealerStatus.ACTIVE, created_at=now())
            audit_record("dealer_register", "dealer", dealer.pk, actor=actor, after=dealer_snapshot(dealer))
    except IntegrityError as exc:
        if not Dealer.objects.filter(uscc=code.value).exists():
            raise
        raise PartyError.of("uscc", "uscc_taken") from exc
    return dealer


def dealer_status_set(dealer: Dealer | int, status: str, *, actor: Any = None, reason: str = "") -> Dealer:
    """Suspend or reactivate a dealer (a suspended dealer gets no new applications or payouts)."""
    new_status = DealerStatus(status)
    pk = dealer.pk if isinstance(dealer, Dealer) else int(dealer)
    with transaction.atomic():
        # Locked: a concurrent status change would otherwise audit a stale "before".
        locked = Dealer.objects.select_for_update().get(pk=pk)
        before = dealer_snapshot(locked)
        locked.status = new_status
        locked.save(update_fields=["status"])
        audit_record("dealer_status_set", "dealer", locked.pk, actor=actor, before=before,
                     after={**dealer_snapshot(locked), "reason": reason[:200]})
    return locked


def dealer_staff_add(dealer: Dealer, user: Any, *, actor: Any = None) -> DealerStaff:
    """Make ``user`` (role dealer) staff of ``dealer``; once per dealer."""
    if getattr(user, "role", None) != Role.DEALER:
        raise PartyError.of("user", "staff_not_dealer")
    if DealerStaff.objects.filter(dealer=dealer, user=user).exists():
        raise PartyError.of("user", "staff_taken")
    try:
        with transaction.atomic():
            staff = DealerStaff.objects.create(dealer=dealer, user=user, created_at=now())
            audit_record("dealer_staff_add", "dealer", dealer.pk, actor=actor,
                         after={"user_id": user.pk, "username": user.username})
    except IntegrityError as exc:
        raise PartyError.of("user", "staff_taken") from exc
    return staff
