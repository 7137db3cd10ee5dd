"""Dealer-portal pages: the pipeline, a new application, an application (stipulations, documents,
offers, funding), funding status and commission statements. Views turn requests into origination's
services and this app's selectors; a refused input re-renders with the reason (4xx), never a 500."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, pgettext
from django.views.decorators.http import require_POST

from autolend.dealer_portal import selectors as s
from autolend.dealer_portal.access import dealer_required
from autolend.dealer_portal.commission import commission_statement, statement_csv
from autolend.dealer_portal.forms import (
    ApplicationForm,
    DocumentForm,
    MonthForm,
    PipelineFilterForm,
)
from autolend.origination.errors import OriginationError, localized
from autolend.origination.models import Application, ApplicationChannel
from autolend.origination.selectors import application_detail
from autolend.origination.services import application_intake, document_upload
from autolend.origination.services._common import business_date_today
from autolend.origination.services.documents import document_refusal, document_size_limit
from autolend.parties.errors import PartyError
from autolend.products.selectors import product_catalogue

PAGE_SIZE = 50
CONSENT = {"text": "本人授权贵司向征信机构查询本人信用报告，授权书原件由经销商留存。", "text_version": "dealer-2025.1"}


def _application(request: HttpRequest, pk: int) -> Application:
    application = s.dealer_application(request.user, pk)
    if application is None:
        raise Http404  # another dealer's application looks like no application at all
    return application


@dealer_required
def pipeline(request: HttpRequest) -> HttpResponse:
    form = PipelineFilterForm(request.GET or None)
    valid = form.is_valid() if request.GET else True
    filters = form.cleaned_data if request.GET and valid else {}
    query = s.pipeline_query(request.user, status=filters.get("status") or "",
                             search=(filters.get("q") or "").strip(), applied_from=filters.get("applied_from"),
                             applied_to=filters.get("applied_to"))
    page = Paginator(query, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "dealer_portal/pipeline.html", {
        "form": form, "rows": page.object_list, "page": page, "query": params.urlencode(),
        "counts": s.pipeline_counts(request.user),
        "dealers": s.dealer_memberships(request.user), "status": filters.get("status") or "",
    }, status=200 if valid else 400)


def _products(day: date) -> list[tuple[str, str]]:
    zh = not (get_language() or "zh-hans").startswith("en")
    return [(v.product.code, f"{v.product.name_zh if zh else v.product.name_en} ({v.product.code})")
            for v in product_catalogue(day)]


@dealer_required
def application_new(request: HttpRequest) -> HttpResponse:
    day = business_date_today()
    dealers = s.dealer_memberships(request.user)
    form = ApplicationForm(request.POST or None, products=_products(day),
                           dealers=[(d.pk, d.name) for d in dealers])
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid() and not form.cleaned_data["consent"]:
            form.add_error("consent", pgettext("dealer", "The customer's credit report authorization is required."))
        elif form.is_valid():
            dealer = next(d for d in dealers if str(d.pk) == form.cleaned_data["dealer"])
            try:
                application = application_intake(
                    applicant=form.applicant(), consent=CONSENT, product_code=form.cleaned_data["product_code"],
                    fields=form.fields_for_intake(), channel=ApplicationChannel.DEALER_PORTAL, dealer=dealer,
                    actor=request.user, ip=request.META.get("REMOTE_ADDR"), as_of=day)
            except (OriginationError, PartyError) as exc:
                _field_errors(form, exc)
            else:
                messages.success(request, pgettext("dealer", "Application %(number)s was submitted: %(status)s.")
                                 % {"number": application.number, "status": application.get_status_display()})
                return redirect("dealer:application", pk=application.pk)
    return render(request, "dealer_portal/application_new.html", {"form": form, "business_date": day},
                  status=status)


def _field_errors(form: ApplicationForm, exc: OriginationError | PartyError) -> None:
    for item in exc.issues:
        name = item.field.split(".")[-1] if item.field.startswith(("applicant.", "consent.")) else item.field
        message = localized(item.message_en, item.message_zh)
        form.add_error(name if name in form.fields else None, message)


@dealer_required
def application_page(request: HttpRequest, pk: int, *, upload_form: DocumentForm | None = None,
                     status: int = 200) -> HttpResponse:
    application = _application(request, pk)
    detail = application_detail(application)
    funding = s.funding_rows([application])
    return render(request, "dealer_portal/application.html", {
        "app": application, "detail": detail, "funding": funding[0] if funding else None,
        "upload_form": upload_form or DocumentForm(
            initial={"doc_type": next((x.doc_type for x in detail.stipulations if x.status == "requested"), None)}),
    }, status=status)


@require_POST
@dealer_required
def document_upload_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        return application_page(request, pk, upload_form=form, status=422)
    upload = form.cleaned_data["file"]
    try:
        limit = document_size_limit()
        if upload.size and upload.size > limit:  # refused before it is read into memory
            raise document_refusal("document_too_large", limit)
        document_upload(application, doc_type=form.cleaned_data["doc_type"], filename=upload.name or "",
                        content=upload.read(), declared_type=upload.content_type or "", actor=request.user)
    except OriginationError as exc:
        for item in exc.issues:
            field = item.field if item.field in form.fields else None
            form.add_error(field, localized(item.message_en, item.message_zh))
        return application_page(request, pk, upload_form=form, status=422)
    messages.success(request, pgettext("dealer", "The document was uploaded."))
    return redirect("dealer:application", pk=application.pk)


@dealer_required
def funding(request: HttpRequest) -> HttpResponse:
    rows = s.funding_rows(s.pipeline_rows(request.user, status="booked", limit=500))
    return render(request, "dealer_portal/funding.html", {"rows": rows})


def _month(request: HttpRequest) -> tuple[MonthForm, date | None]:
    form = MonthForm(request.GET or None)
    if request.GET and not form.is_valid():
        return form, None
    raw = form.cleaned_data.get("month") if request.GET else ""
    if not raw:
        return form, business_date_today().replace(day=1)
    year, month = raw.split("-")
    return form, date(int(year), int(month), 1)


def _dealer(request: HttpRequest) -> Any:
    dealers = s.dealer_memberships(request.user)
    wanted = request.GET.get("dealer", "")
    return next((d for d in dealers if str(d.pk) == wanted), dealers[0]), dealers


@dealer_required
def commissions(request: HttpRequest) -> HttpResponse:
    form, month = _month(request)
    dealer, dealers = _dealer(request)
    statement = commission_statement(dealer, month) if month else None
    return render(request, "dealer_portal/commissions.html", {
        "form": form, "statement": statement, "dealer": dealer, "dealers": dealers,
        "month": month.strftime("%Y-%m") if month else "",
    }, status=200 if month else 400)


@dealer_required
def commissions_csv(request: HttpRequest) -> HttpResponse:
    form, month = _month(request)
    if month is None:
        return HttpResponse(pgettext("dealer", "Enter a month as YYYY-MM."), status=400,
                            content_type="text/plain; charset=utf-8")
    dealer, _ = _dealer(request)
    statement = commission_statement(dealer, month)
    headers = [pgettext("dealer", h) for h in ("Loan", "Application", "Customer", "Product", "Disbursed on",
                                               "Principal (yuan)", "Rate (%)", "Commission (yuan)")]
    response = HttpResponse("\ufeff" + statement_csv(statement, headers), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="commission-{dealer.pk}-{month:%Y-%m}.csv"'
    return response
