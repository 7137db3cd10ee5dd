"""Reads of applications, with the object-level rule of who may see which.

* a partner token sees the applications it submitted;
* staff with ``application.view`` see every application;
* a dealer login sees its dealers' applications (active memberships only);
* a borrower login sees its own;
* anyone else sees none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from autolend.decisioning.models import DecisionRecord, ManualReview
from autolend.decisioning.selectors import decision_latest
from autolend.identity.models import Role
from autolend.identity.permissions import has_perm, role_of
from autolend.origination.models import (
    Application,
    ApplicationStatus,
    Contract,
    Document,
    Offer,
    PartnerToken,
    Stipulation,
)
from autolend.origination.services.tokens import PREFIX, token_hash
from autolend.parties.models import Dealer
from autolend.rows import row_get


def applications_visible_to(principal: Any) -> QuerySet[Application]:
    """Every application ``principal`` (a User or a PartnerToken) may see."""
    base = Application.objects.select_related("borrower", "dealer")
    if isinstance(principal, PartnerToken):
        return base.filter(partner_token=principal)
    if has_perm(principal, "application.view"):
        return base
    role = role_of(principal)
    if role == Role.DEALER:
        return base.filter(dealer__staff__user_id=principal.pk, dealer__staff__is_active=True).distinct()
    if role == Role.BORROWER:
        return base.filter(borrower__user_id=principal.pk)
    return base.none()


def application_for(principal: Any, pk: int) -> Application | None:
    """The application if ``principal`` may see it, else None (the caller answers 404, so the
    existence of others' applications is not revealed)."""
    return applications_visible_to(principal).filter(pk=pk).first()


def applications_list(principal: Any, *, status: str = "", search: str = "", limit: int = 200) -> list[Application]:
    rows = applications_visible_to(principal)
    if status:
        rows = rows.filter(status=status)
    if search:
        rows = rows.filter(Q(number__icontains=search) | Q(borrower__name__icontains=search) | Q(vin__iexact=search))
    return list(rows.order_by("-created_at", "-pk")[:limit])


def review_queue() -> list[Application]:
    """Referred applications, oldest first (the manual-review queue)."""
    return list(Application.objects.select_related("borrower", "dealer")
                .filter(status=ApplicationStatus.REFERRED).order_by("updated_at", "pk"))


def partner_token_find(raw: str) -> PartnerToken | None:
    """The live token with this value, or None (unknown or revoked)."""
    if not raw or not raw.startswith(PREFIX):
        return None
    token = row_get(PartnerToken, {"token_hash": token_hash(raw), "revoked_at": None})  # the hash is unique
    if token is not None and token.dealer_id is not None:
        token.dealer = row_get(Dealer, {"id": token.dealer_id})
    return token


@dataclass(frozen=True)
class ApplicationDetail:
    application: Application
    decision: DecisionRecord | None
    offers: list[Offer]
    stipulations: list[Stipulation]
    documents: list[Document]
    contract: Contract | None
    reviews: list[ManualReview]


def application_detail(application: Application, *, just_decided: bool = False) -> ApplicationDetail:
    """The application with its latest decision, open (or accepted) offers, stipulations,
    documents, latest contract and review history. ``just_decided``: the application was created
    and decided in this request, so it has no documents, contract or reviews to look up."""
    written = getattr(application, "just_decided", None) if just_decided else None
    if written is not None and all(row.pk is not None for row in [*written.offers, *written.stipulations]):
        # ``application_decide`` kept what it wrote in this request: nothing to read back.
        return ApplicationDetail(application, written.decision, list(written.offers), list(written.stipulations),
                                 [], None, [])
    offers = list(application.offers.filter(Q(is_active=True) | Q(accepted_at__isnull=False))
                  .select_related("decision").order_by("decision_id", "rank"))
    decision = offers[-1].decision if just_decided and offers else decision_latest(application.pk)
    return ApplicationDetail(
        application=application,
        decision=decision,
        offers=offers,
        stipulations=list(application.stipulations.order_by("pk")),
        documents=[] if just_decided else list(application.documents.order_by("pk")),
        contract=None if just_decided else application.contracts.order_by("-pk").first(),
        reviews=[] if just_decided else list(ManualReview.objects.filter(application=application)
                                             .select_related("reviewer").order_by("pk")),
    )
