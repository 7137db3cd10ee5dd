"""A borrower's loan: next due, schedule, history, pay, prepay, pay off; and their messages."""

from __future__ import annotations

from uuid import uuid4

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from autolend.portal.forms.payments import PayForm, PayoffForm
from autolend.portal.selectors import borrower_of, business_date, loan_page, my_loan, my_messages
from autolend.portal.services.payments import portal_payoff, portal_prepayment, portal_repayment
from autolend.portal.views.common import borrower_required
from autolend.servicing.errors import ServicingError
from autolend.servicing.models import Loan, LoanStatus
from autolend.servicing.refusals import refusal
from autolend.web.backoffice.forms import label


def _mine(request: HttpRequest, number: str) -> Loan:
    loan = my_loan(request.user, number)
    if loan is None:
        raise Http404
    return loan


def _key() -> str:
    return f"portal:{uuid4().hex}"


@borrower_required
def loan(request: HttpRequest, number: str) -> HttpResponse:
    found = _mine(request, number)
    day = business_date()
    page = loan_page(found, day)
    for row in page["schedule"] + ([page["next_due"]] if page["next_due"] else []):
        row["status_label"] = label("due", row["status"])
    for txn in page["history"]:
        txn["kind_label"] = label("transaction", txn["kind"])
    due = page["next_due"]
    active = found.status == LoanStatus.ACTIVE
    return render(request, "portal/loan.html", {
        **page, "loan": found, "business_date": day, "active": active,
        "pay_form": PayForm(initial={"amount": page["due_now"] or (due["owed"] if due else ""), "key": _key()})
        if active else None,
        "prepay_form": PayForm(initial={"key": _key()}, prefix="prepay") if active else None,
        "payoff_form": PayoffForm(initial={"key": _key()}) if active else None,
    })


@require_POST
@borrower_required
def pay(request: HttpRequest, number: str, kind: str) -> HttpResponse:
    found = _mine(request, number)
    if kind not in ("repayment", "prepayment", "payoff"):
        raise Http404
    form = PayoffForm(request.POST) if kind == "payoff" else PayForm(
        request.POST, prefix="prepay" if kind == "prepayment" else None)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect("portal:loan", number=number)
    borrower = borrower_of(request.user)
    account = borrower.bank_card if borrower else ""
    data, day = form.cleaned_data, business_date()
    try:
        if kind == "repayment":
            txn = portal_repayment(found, data["amount"], data["key"], day, account)
        elif kind == "prepayment":
            txn = portal_prepayment(found, data["amount"], data["key"], day, account, request.user)
        else:
            txn = portal_payoff(found, data["key"], day, account, request.user)
    except ServicingError as exc:
        reason = _("the bank refused the payment") if exc.field == "account" else refusal(exc).message
        messages.error(request, _("The payment was not made: %(reason)s.") % {"reason": reason})
        return redirect("portal:loan", number=number)
    messages.success(request, _("Paid ¥%(amount)s. Thank you.") % {"amount": txn.amount})
    return redirect("portal:loan", number=number)


@borrower_required
def inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/messages.html", {"contacts": my_messages(request.user)})
