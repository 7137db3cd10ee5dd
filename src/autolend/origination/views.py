"""Back-office pages for applications (under ``/backoffice/applications/``).

List (with the manual-review queue), detail with the decision explained (features, rule hits,
reasons, model and policy versions, PD, grade, pricing, offers), manual review (approve /
decline / refer with a written reason; overriding a decline needs ``application.override``),
stipulations (request, clear, waive), documents and the contract. Views turn requests into
service calls and render; the rules live in the services.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from autolend.decisioning.services import decision_replay
from autolend.identity.permissions import has_perm, permission_required
from autolend.integrations.storage import document_storage
from autolend.origination.errors import OriginationError, localized
from autolend.origination.forms import ReviewForm, StipulationActionForm, StipulationRequestForm
from autolend.origination.models import Application, ApplicationStatus
from autolend.origination.presentation import decision_view
from autolend.origination.selectors import (
    application_detail,
    application_for,
    applications_list,
    review_queue,
)
from autolend.origination.services import (
    application_review,
    stipulation_clear,
    stipulation_request,
    stipulation_waive,
)


def _application(request: HttpRequest, pk: int) -> Application:
    application = application_for(request.user, pk)
    if application is None:
        raise Http404
    return application


def _errors(request: HttpRequest, exc: OriginationError) -> None:
    for item in exc.issues:
        messages.error(request, localized(item.message_en, item.message_zh))


@permission_required("application.view")
def application_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    search = request.GET.get("q", "").strip()
    queue = request.GET.get("queue") == "review"
    rows = review_queue() if queue else applications_list(request.user, status=status, search=search)
    return render(request, "origination/list.html", {
        "applications": rows, "status": status, "search": search, "queue": queue,
        "statuses": ApplicationStatus.choices, "queue_size": len(review_queue()) if not queue else len(rows),
    })


@permission_required("application.view")
def application_page(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    detail = application_detail(application)
    replay = decision_replay(detail.decision) if detail.decision and request.GET.get("replay") else None
    return render(request, "origination/detail.html", {
        "app": application, "detail": detail, "decision": decision_view(detail.decision) if detail.decision else None,
        "replay": replay, "review_form": ReviewForm(), "stipulation_form": StipulationRequestForm(),
        "can_review": has_perm(request.user, "application.review"),
        "can_override": has_perm(request.user, "application.override"),
        "can_clear": has_perm(request.user, "stipulation.clear"),
        "reviewable": application.status in (ApplicationStatus.REFERRED, ApplicationStatus.APPROVED,
                                              ApplicationStatus.DECLINED),
    })


@require_POST
@permission_required("application.review")
def application_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("origination:detail", pk=application.pk)
    try:
        application_review(application, action=form.cleaned_data["action"], reason=form.cleaned_data["reason"],
                           reviewer=request.user)
    except OriginationError as exc:
        _errors(request, exc)
    except PermissionDenied:
        messages.error(request, _("You may not review applications."))
    else:
        messages.success(request, _("Your decision was recorded."))
    return redirect("origination:detail", pk=application.pk)


@require_POST
@permission_required("stipulation.clear")
def stipulation_request_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    form = StipulationRequestForm(request.POST)
    if form.is_valid():
        try:
            stipulation_request(application, form.cleaned_data["doc_type"], note=form.cleaned_data["note"],
                                actor=request.user)
        except OriginationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("The document was requested."))
    return redirect("origination:detail", pk=application.pk)


@require_POST
@permission_required("stipulation.clear")
def stipulation_action_view(request: HttpRequest, pk: int, stipulation_id: int) -> HttpResponse:
    application = _application(request, pk)
    stipulation = application.stipulations.filter(pk=stipulation_id).first()
    form = StipulationActionForm(request.POST)
    if stipulation is None or not form.is_valid():
        messages.error(request, _("Choose clear or waive; a waiver needs a reason."))
        return redirect("origination:detail", pk=application.pk)
    try:
        if form.cleaned_data["action"] == "clear":
            stipulation_clear(stipulation, actor=request.user, note=form.cleaned_data["note"])
        else:
            stipulation_waive(stipulation, actor=request.user, reason=form.cleaned_data["note"])
    except OriginationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The stipulation was updated."))
    return redirect("origination:detail", pk=application.pk)


@permission_required("application.view")
def document_download(request: HttpRequest, pk: int, document_id: int) -> HttpResponse:
    document = _application(request, pk).documents.filter(pk=document_id).first()
    if document is None:
        raise Http404
    return _file(document_storage().get(document.storage_key), document.content_type, document.filename)


@permission_required("application.view")
def contract_download(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _application(request, pk).contracts.order_by("-pk").first()
    if contract is None:
        raise Http404
    return _file(document_storage().get(contract.storage_key), "application/pdf", f"{contract.number}.pdf")


def _file(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
