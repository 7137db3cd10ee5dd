"""Back office: the dashboard, the loans list and the trial balance (reads only)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from autolend.identity.permissions import has_perm, permission_required
from autolend.servicing.errors import ServicingError
from autolend.web.backoffice.forms import AsOfForm, LoanFilterForm

PAGE_SIZE = 50


@permission_required("backoffice.view")
def dashboard(request: HttpRequest) -> HttpResponse:
    """Counts by status; the funnel, approval rate, disbursed and outstanding, DPD buckets and the
    five-tier classification with provisions as charts with their figures; approvals; the books."""
    from autolend.servicing.models import Classification, LoanStatus
    from autolend.servicing.queries import dpd_bucket_names, status_summary
    from autolend.servicing.selectors import business_date_current
    from autolend.web.backoffice import dashboard_charts as charts
    from autolend.web.backoffice.forms import label

    summary = status_summary()
    statuses = [(value, summary["loans"][value]) for value in LoanStatus.values]
    as_of = business_date_current() or timezone.localdate()  # before the first EOD: the calendar
    return render(request, "backoffice/dashboard.html", {
        "summary": summary, "statuses": statuses, "as_of": as_of,
        "can_see_ledger": has_perm(request.user, "ledger.view"),
        "funnel": charts.funnel(), "approval": charts.approval(as_of), "book": charts.book(as_of),
        "dpd": charts.dpd(dpd_bucket_names()),
        "classes": charts.classes({c: str(label("classification", c)) for c in Classification.values}),
    })


@permission_required("loan.view")
def loans(request: HttpRequest) -> HttpResponse:
    """Loans by number, filtered by status, DPD bucket or a search, 50 a page."""
    from autolend.servicing.queries import dpd_bucket_names, loan_row, loans_query

    form = LoanFilterForm(request.GET or None, buckets=dpd_bucket_names())
    filters = form.cleaned_data if form.is_valid() else {}
    status = 200 if form.is_valid() or not request.GET else 400
    try:
        query = loans_query(filters.get("status") or None, filters.get("bucket") or None, search=filters.get("q"))
    except ServicingError:
        query, status = loans_query(), 400
    page = Paginator(query, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [loan_row(loan) for loan in page.object_list]
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "backoffice/loans.html", {"form": form, "page": page, "rows": rows,
                                                      "query": params.urlencode()}, status=status)


@permission_required("ledger.view")
def trial_balance(request: HttpRequest) -> HttpResponse:
    """Every account's debit or credit balance as of a date (default: all postings)."""
    from autolend.ledger.selectors import trial_balance as books

    form = AsOfForm(request.GET or None)
    as_of = form.cleaned_data.get("as_of") if form.is_valid() else None
    tb = books(as_of)
    return render(request, "backoffice/trial_balance.html", {
        "form": form, "tb": tb, "accounts": [a for a in tb.accounts if a.turnover_debit or a.turnover_credit],
    }, status=200 if form.is_valid() or not request.GET else 400)
