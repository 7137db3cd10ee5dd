"""Applications API (mount: ``api.add_router("/applications", router)``).

``POST /applications`` submits an application and answers with its decision and offers at once
(partner token ``Authorization: Bearer alp_…``, or a signed-in session); ``GET /applications``
and ``GET /applications/{id}`` show status and decision; ``POST …/documents`` uploads a file;
``POST …/offers/{offer_id}/accept`` accepts an offer (the contract is sent for e-signature);
``GET …/contract.pdf`` is the contract; ``POST …/contract/sign`` signs it and books the loan;
``POST …/withdraw``. Field errors are 422 ``{"detail": [{"loc": [..., field], "msg", "code"}]}``
in the request's language. Another party's application is a 404.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Router, Status
from ninja.errors import HttpError, ValidationError
from ninja.files import UploadedFile
from ninja.security import HttpBearer, SessionAuth

from autolend.identity.models import Role
from autolend.identity.permissions import has_perm, role_of
from autolend.integrations.storage import document_storage
from autolend.origination.api_schemas import (
    FIELD_PATHS,
    ApplicationIn,
    ApplicationOut,
    DocumentOut,
    SignIn,
    application_out,
)
from autolend.origination.errors import OriginationError, issue_json
from autolend.origination.models import Application, ApplicationChannel, PartnerToken
from autolend.origination.selectors import application_for, applications_list, partner_token_find
from autolend.origination.services import (
    application_intake,
    application_withdraw,
    contract_sign,
    document_upload,
    offer_accept,
)
from autolend.origination.services.documents import document_refusal, document_size_limit
from autolend.parties.errors import PartyError
from autolend.parties.models import Dealer
from autolend.parties.selectors import dealers_of_user


class PartnerTokenAuth(HttpBearer):
    """``Authorization: Bearer alp_…``: a live partner token (only its SHA-256 is stored)."""

    def authenticate(self, request: HttpRequest, token: str) -> PartnerToken | None:
        return partner_token_find(token)


AUTH = [PartnerTokenAuth(), SessionAuth()]
router = Router(tags=["applications"], auth=AUTH)


def field_errors(exc: OriginationError | PartyError) -> ValidationError:
    return ValidationError([issue_json(item.__class__(FIELD_PATHS.get(item.field, item.field), item.code,
                                                      item.message_en, item.message_zh)) for item in exc.issues])


def _may_act(principal: Any) -> bool:
    """Who may act for the applicant: the partner, the borrower, the dealer, underwriters and
    operations (an auditor may only read)."""
    if isinstance(principal, PartnerToken) or role_of(principal) in (Role.BORROWER, Role.DEALER):
        return True
    return has_perm(principal, "application.review") or has_perm(principal, "stipulation.clear")


def _visible(request: HttpRequest, application_id: int, *, acting: bool = False) -> Application:
    application = application_for(request.auth, application_id)
    if application is None:
        raise HttpError(404, "Not Found")
    if acting and not _may_act(request.auth):
        raise HttpError(403, "not allowed to act on applications")
    return application


def _channel_and_dealer(principal: Any, dealer_id: int | None) -> tuple[str, Dealer | None]:
    if isinstance(principal, PartnerToken):
        if principal.dealer_id and dealer_id not in (None, principal.dealer_id):
            raise OriginationError.of("dealer_id", "dealer_not_yours")
        chosen = principal.dealer_id or dealer_id
        return ApplicationChannel.PARTNER_API, _dealer(chosen)
    role = role_of(principal)
    if role == Role.DEALER:
        mine = dealers_of_user(principal.pk)
        if dealer_id is None and len(mine) == 1:
            return ApplicationChannel.DEALER_PORTAL, mine[0]
        if dealer_id is None or dealer_id not in {d.pk for d in mine}:
            raise OriginationError.of("dealer_id", "dealer_not_yours")
        return ApplicationChannel.DEALER_PORTAL, _dealer(dealer_id)
    if role == Role.BORROWER or _may_act(principal):
        channel = ApplicationChannel.DEALER_PORTAL if dealer_id else ApplicationChannel.BORROWER_WEB
        return channel, _dealer(dealer_id)
    raise HttpError(403, "not allowed to submit applications")


def _dealer(dealer_id: int | None) -> Dealer | None:
    if dealer_id is None:
        return None
    dealer = Dealer.objects.filter(pk=dealer_id).first()
    if dealer is None:
        raise OriginationError.of("dealer_id", "dealer_unknown")
    return dealer


@router.post("", response={201: ApplicationOut, 200: ApplicationOut},
             summary="Submit an application; the decision and offers come back at once")
def application_create(request: HttpRequest, payload: ApplicationIn) -> Status[Any]:
    principal = request.auth
    user = None if isinstance(principal, PartnerToken) else principal
    try:
        channel, dealer = _channel_and_dealer(principal, payload.dealer_id)
        if isinstance(principal, PartnerToken) and payload.external_reference and Application.objects.filter(
                partner_token=principal, external_reference=payload.external_reference).exists():
            known = Application.objects.get(partner_token=principal, external_reference=payload.external_reference)
            return Status(200, application_out(known))
        application = application_intake(
            applicant=payload.applicant.dict(), consent=payload.consent.dict() if payload.consent else None,
            product_code=payload.purchase.product_code, fields=payload.fields(), channel=channel, dealer=dealer,
            actor=user, partner_token=principal if isinstance(principal, PartnerToken) else None,
            external_reference=payload.external_reference, ip=request.META.get("REMOTE_ADDR"),
            borrower_user=user if role_of(user) == Role.BORROWER else None,
        )
    except (OriginationError, PartyError) as exc:
        raise field_errors(exc) from None
    return Status(201, application_out(application, just_decided=True))


@router.get("", response=list[ApplicationOut], summary="Applications you may see, newest first")
def application_list(request: HttpRequest, status: str = "") -> list[dict[str, Any]]:
    return [application_out(a) for a in applications_list(request.auth, status=status, limit=50)]


@router.get("/{application_id}", response=ApplicationOut, summary="Status, decision, offers, stipulations")
def application_get(request: HttpRequest, application_id: int) -> dict[str, Any]:
    return application_out(_visible(request, application_id))


@router.post("/{application_id}/documents", response={201: DocumentOut}, summary="Upload a document (PDF, JPEG, PNG)")
def document_create(request: HttpRequest, application_id: int, doc_type: Form[str],
                    file: File[UploadedFile]) -> Status[Any]:
    application = _visible(request, application_id, acting=True)
    user = None if isinstance(request.auth, PartnerToken) else request.auth
    try:
        limit = document_size_limit()
        if file.size and file.size > limit:  # refused before it is read into memory
            raise document_refusal("document_too_large", limit)
        document = document_upload(application, doc_type=doc_type, filename=file.name or "", content=file.read(),
                                   declared_type=file.content_type or "", actor=user)
    except OriginationError as exc:
        raise ValidationError([issue_json(i, ("body",)) for i in exc.issues]) from None
    return Status(201, {"id": document.pk, "doc_type": document.doc_type, "filename": document.filename,
                        "content_type": document.content_type, "size": document.size, "sha256": document.sha256,
                        "stipulation_status": document.stipulation.status if document.stipulation else None})


@router.post("/{application_id}/offers/{offer_id}/accept", response=ApplicationOut,
             summary="Accept an offer: the contract is generated and sent for e-signature")
def offer_accept_view(request: HttpRequest, application_id: int, offer_id: int) -> dict[str, Any]:
    application = _visible(request, application_id, acting=True)
    try:
        offer_accept(application, offer_id, actor=None if isinstance(request.auth, PartnerToken) else request.auth)
    except OriginationError as exc:
        raise field_errors(exc) from None
    return application_out(Application.objects.get(pk=application.pk))


@router.get("/{application_id}/contract.pdf", summary="The contract PDF (its SHA-256 is in the application)")
def contract_pdf_view(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _visible(request, application_id)
    contract = application.contracts.order_by("-pk").first()
    if contract is None:
        raise HttpError(404, "no contract yet")
    response = HttpResponse(document_storage().get(contract.storage_key), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{contract.number}.pdf"'
    return response


@router.post("/{application_id}/contract/sign", response=ApplicationOut,
             summary="Sign the contract (e-signature); books the loan, disbursement pending approval")
def contract_sign_view(request: HttpRequest, application_id: int, payload: SignIn) -> dict[str, Any]:
    application = _visible(request, application_id, acting=True)
    try:
        contract_sign(application, code=payload.code,
                      actor=None if isinstance(request.auth, PartnerToken) else request.auth)
    except OriginationError as exc:
        raise field_errors(exc) from None
    return application_out(Application.objects.get(pk=application.pk))


@router.post("/{application_id}/withdraw", response=ApplicationOut, summary="Withdraw an open application")
def application_withdraw_view(request: HttpRequest, application_id: int) -> dict[str, Any]:
    application = _visible(request, application_id, acting=True)
    try:
        application_withdraw(application, actor=None if isinstance(request.auth, PartnerToken) else request.auth)
    except OriginationError as exc:
        raise field_errors(exc) from None
    except PermissionDenied:
        raise HttpError(403, "not allowed") from None
    return application_out(Application.objects.get(pk=application.pk))

