"""The borrower's home, an application (decision, offers with the APR first, stipulations and
documents), accepting an offer and signing the contract with a code sent by SMS."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from autolend.integrations.storage import document_storage
from autolend.origination.errors import OriginationError
from autolend.origination.models import Application, ApplicationStatus, DocumentType
from autolend.origination.selectors import application_detail
from autolend.origination.services import contract_sign, document_upload, offer_accept
from autolend.portal.models import CodePurpose
from autolend.portal.selectors import business_date, my_application, my_applications, my_loans
from autolend.portal.services.codes import CodeError, code_send, code_verify
from autolend.portal.views.common import borrower_required, flash_issues

S = ApplicationStatus
SHOWS_OFFERS = frozenset({S.APPROVED, S.OFFER_ACCEPTED, S.CONTRACT_SIGNED, S.BOOKED})
MAX_UPLOAD = 10 * 1024 * 1024 + 1  # bytes read at most; the service applies the configured limit


def _mine(request: HttpRequest, pk: int) -> Application:
    application = my_application(request.user, pk)
    if application is None:
        raise Http404
    return application


@borrower_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"applications": my_applications(request.user),
                                                "loans": my_loans(request.user)})


@borrower_required
def application_page(request: HttpRequest, pk: int) -> HttpResponse:
    application = _mine(request, pk)
    detail = application_detail(application)
    # offers are the borrower's to see once approved (a referral's engine offers wait for the underwriter)
    offers = [o for o in detail.offers if o.is_active or o.accepted_at] if application.status in SHOWS_OFFERS else []
    return render(request, "portal/application.html", {
        "app": application, "detail": detail, "offers": offers, "doc_types": DocumentType.choices,
        "can_accept": application.status == S.APPROVED, "can_upload": application.status in (
            S.SUBMITTED, S.APPROVED, S.REFERRED, S.OFFER_ACCEPTED),
        "can_sign": application.status == S.OFFER_ACCEPTED, "loan_number": (detail.contract.loan_number
                                                                            if detail.contract else ""),
    })


@require_POST
@borrower_required
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    application = _mine(request, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to upload."))
        return redirect("portal:application", pk=pk)
    try:
        document_upload(application, doc_type=request.POST.get("doc_type", ""), filename=upload.name or "",
                        content=upload.read(MAX_UPLOAD), declared_type=upload.content_type or "", actor=request.user)
    except OriginationError as exc:
        flash_issues(request, exc.issues)
    else:
        messages.success(request, _("The document was uploaded."))
    return redirect("portal:application", pk=pk)


@require_POST
@borrower_required
def offer_choose(request: HttpRequest, pk: int, offer_id: int) -> HttpResponse:
    application = _mine(request, pk)
    try:
        offer_accept(application, offer_id, actor=request.user, as_of=business_date())
    except OriginationError as exc:
        flash_issues(request, exc.issues)
        return redirect("portal:application", pk=pk)
    _sign_code(request)
    return redirect("portal:sign", pk=pk)


@borrower_required
def sign(request: HttpRequest, pk: int) -> HttpResponse:
    application = _mine(request, pk)
    contract = application.contracts.order_by("-pk").first()
    if application.status != S.OFFER_ACCEPTED or contract is None:
        return redirect("portal:application", pk=pk)
    error = ""
    if request.method == "POST" and request.POST.get("action") == "resend":
        _sign_code(request)
    elif request.method == "POST":
        code = "".join(request.POST.get("code", "").split())
        try:
            code_verify(request.user.phone or request.user.username, CodePurpose.SIGN, code)
            signed = contract_sign(application, code=code, actor=request.user, as_of=business_date())
        except CodeError as exc:
            error = str(exc.message)
        except OriginationError as exc:
            error = " ".join(_issue_texts(exc))
        else:
            messages.success(request, _("The contract is signed. Your loan %(number)s will be paid out once "
                                        "operations approve the disbursement.") % {"number": signed.loan_number})
            return redirect("portal:application", pk=pk)
    return render(request, "portal/sign.html", {"app": application, "contract": contract, "offer": contract.offer,
                                                "error": error}, status=422 if error else 200)


@borrower_required
def contract_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _mine(request, pk).contracts.order_by("-pk").first()
    if contract is None:
        raise Http404
    response = HttpResponse(document_storage().get(contract.storage_key), content_type="application/pdf")
    disposition = "attachment" if request.GET.get("download") else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{contract.number}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _sign_code(request: HttpRequest) -> None:
    try:
        code_send(request.user.phone or request.user.username, CodePurpose.SIGN)
    except CodeError as exc:
        messages.error(request, exc.message)
    else:
        messages.info(request, _("We sent a signing code by SMS to your mobile number."))


def _issue_texts(exc: OriginationError) -> list[str]:
    from autolend.origination.errors import localized

    return [localized(i.message_en, i.message_zh) for i in exc.issues]
