"""Read-only queries about borrowers, dealers, consents and identity checks."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q

from autolend.parties.kyc import resident_id_check, uscc_check
from autolend.parties.models import Borrower, ConsentRecord, Dealer, DealerStatus, IdentityCheck


def borrower_get(pk: int) -> Borrower | None:
    return Borrower.objects.filter(pk=pk).first()


def borrower_by_resident_id(resident_id: str) -> Borrower | None:
    """The borrower with this resident ID (any spacing or case of the X); None if none."""
    return Borrower.objects.filter(resident_id=resident_id_check(resident_id).value).first()


def borrowers_by_mobile(mobile: str) -> list[Borrower]:
    """Every borrower giving this mobile number (anti-fraud: one phone, many identities)."""
    return list(Borrower.objects.filter(mobile=mobile).order_by("pk"))


def dealer_by_uscc(code: str) -> Dealer | None:
    return Dealer.objects.filter(uscc=uscc_check(code).value).first()


def dealers_active() -> list[Dealer]:
    return list(Dealer.objects.filter(status=DealerStatus.ACTIVE).order_by("name", "pk"))


def dealers_of_user(user_id: int) -> list[Dealer]:
    """The dealers a (dealer-role) login works for, active memberships only."""
    return list(
        Dealer.objects.filter(staff__user_id=user_id, staff__is_active=True).order_by("name", "pk").distinct()
    )


def consent_in_force(borrower_id: int, kind: str, at: datetime) -> ConsentRecord | None:
    """The latest consent of ``kind`` granted on or before ``at`` and not revoked by then; e.g.
    the credit-pull authorization (征信授权) the bureau adapter must see before a pull."""
    return (
        ConsentRecord.objects.filter(borrower_id=borrower_id, kind=kind, granted_at__lte=at)
        .filter(Q(revoked_at__isnull=True) | Q(revoked_at__gt=at))
        .order_by("-granted_at", "-pk")
        .first()
    )


def consents_of(borrower_id: int) -> list[ConsentRecord]:
    return list(ConsentRecord.objects.filter(borrower_id=borrower_id).order_by("granted_at", "pk"))


def identity_check_latest(borrower_id: int) -> IdentityCheck | None:
    return IdentityCheck.objects.filter(borrower_id=borrower_id).order_by("-checked_at", "-pk").first()
