"""Back office: one loan (summary, schedule, transactions, journal lines, events, payoff quote)
and the operations staff perform from it (post a repayment, ask for its disbursement)."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from autolend.identity.permissions import has_perm, permission_required
from autolend.servicing.errors import ServicingError
from autolend.servicing.models import (
    ApprovalKind,
    ApprovalRequest,
    ApprovalStatus,
    LoanStatus,
)
from autolend.servicing.refusals import refusal
from autolend.web.backoffice.forms import PaymentForm, QuoteForm

JOURNAL_LINES_SHOWN = 200


@permission_required("loan.view")
def loan(request: HttpRequest, number: str) -> HttpResponse:
    from autolend.servicing.queries import loan_events
    from autolend.servicing.selectors import business_date_current, loan_detail

    try:
        detail = loan_detail(number)
    except ServicingError:
        raise Http404(number) from None
    day = business_date_current()
    lines = detail["journal_lines"]
    active = detail["status"] == LoanStatus.ACTIVE
    quote, quote_error, quote_form = _quote(request, number, day) if active else (None, None, QuoteForm())
    can_post = active and has_perm(request.user, "payment.post")
    pending = ApprovalRequest.objects.filter(loan__number=number, kind=ApprovalKind.DISBURSEMENT,
                                             status=ApprovalStatus.PENDING).first()
    return render(request, "backoffice/loan.html", {
        "loan": detail, "business_date": day,
        "quote_values": {"as_of": request.GET.get("as_of") or (day.isoformat() if day else ""),
                         "valid_until": request.GET.get("valid_until", "")},
        "journal_lines": list(reversed(lines))[:JOURNAL_LINES_SHOWN], "journal_total": len(lines),
        "can_see_ledger": has_perm(request.user, "ledger.view"), "events": loan_events(number),
        "quote": quote, "quote_error": quote_error, "quote_form": quote_form,
        "payment_form": PaymentForm(initial={"date": day, "channel": "manual", "key": f"bo:{uuid4().hex}"})
        if can_post else None,
        "pending_disbursement": pending,
        "can_request_disbursement": detail["status"] == LoanStatus.PENDING_DISBURSEMENT and pending is None
        and has_perm(request.user, "disbursement.request"),
    })


def _quote(request: HttpRequest, number: str, day: date | None) -> tuple[dict[str, str] | None, str | None, QuoteForm]:
    """The payoff quote asked for in the query string (``as_of``, ``valid_until``), if any."""
    from autolend.servicing.selectors import payoff_quote_for, quote_json

    asked = "as_of" in request.GET or "valid_until" in request.GET
    form = QuoteForm(request.GET if asked else None, initial={"as_of": day})
    if not asked or not form.is_valid():
        return None, None, form
    as_of = form.cleaned_data["as_of"] or day
    if as_of is None:
        return None, pgettext("servicing", "There is no business date yet: give the quote date."), form
    try:
        return quote_json(payoff_quote_for(number, as_of, form.cleaned_data["valid_until"])), None, form
    except ServicingError as exc:
        return None, refusal(exc).message, form


@permission_required("payment.post")
@require_POST
def payment(request: HttpRequest, number: str) -> HttpResponse:
    """Post the repayment of the loan page's form, then back to the loan (a resubmission replays)."""
    from autolend.servicing.models import LoanTransaction
    from autolend.servicing.selectors import business_date_current
    from autolend.servicing.services import repayment_post

    form = PaymentForm(request.POST)
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        label = form.fields[field].label if field in form.fields else field
        messages.error(request, pgettext("servicing", "%(field)s: %(error)s") % {"field": label, "error": errors[0]})
        return redirect("backoffice:loan", number=number)
    data = form.cleaned_data
    current = business_date_current()
    if current is not None and data["date"] > current:
        messages.error(request, pgettext("servicing", "%(date)s is after the business date %(current)s.")
                       % {"date": data["date"].isoformat(), "current": current.isoformat()})
        return redirect("backoffice:loan", number=number)
    replayed = LoanTransaction.objects.filter(idempotency_key=data["key"]).exists()
    try:
        txn = repayment_post(number, data["amount"], data["date"], data["key"], channel=data["channel"],
                             actor=request.user)
    except ServicingError as exc:
        messages.error(request, refusal(exc).message)
        return redirect("backoffice:loan", number=number)
    if replayed:
        message = pgettext("servicing", "This payment was already posted (transaction %(id)s).")
        messages.info(request, message % {"id": txn.pk})
    else:
        messages.success(request, pgettext("servicing", "Payment of ¥%(amount)s posted (transaction %(id)s).")
                         % {"amount": txn.amount, "id": txn.pk})
    return redirect("backoffice:loan", number=number)


@permission_required("disbursement.request")
@require_POST
def disbursement_request(request: HttpRequest, number: str) -> HttpResponse:
    """The maker asks for the disbursement; another person approves it in the queue."""
    from autolend.servicing.selectors import business_date_current
    from autolend.servicing.services import disbursement_request as ask

    day = business_date_current()
    if day is None:
        messages.error(request, pgettext("servicing", "There is no business date yet (no end of day has run)."))
        return redirect("backoffice:loan", number=number)
    try:
        ask(number, request.user, day)
    except ServicingError as exc:
        messages.error(request, refusal(exc).message)
        return redirect("backoffice:loan", number=number)
    messages.success(request, pgettext("servicing", "Disbursement requested: another person must approve it."))
    return redirect("backoffice:approvals")
