"""Applying in four steps; the answers wait in the session until the last step submits them."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from autolend.origination.errors import OriginationError
from autolend.portal.forms.apply import FIELDS, posted
from autolend.portal.selectors import borrower_of, business_date
from autolend.portal.services.applying import (
    CONSENT_TEXT,
    STEP_TITLES,
    STEPS,
    application_from_steps,
    step_issues,
    step_of,
)
from autolend.portal.views.common import borrower_required, client_ip, field_errors

ANSWERS = "portal_apply"
ERRORS = "portal_apply_errors"
ORDER = list(STEPS)


@borrower_required
def apply_start(request: HttpRequest) -> HttpResponse:
    request.session[ANSWERS] = _prefill(request.user)
    request.session.pop(ERRORS, None)
    return redirect("portal:apply_step", step=ORDER[0])


@borrower_required
def apply_step(request: HttpRequest, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404
    answers: dict[str, Any] = request.session.get(ANSWERS) or _prefill(request.user)
    errors: dict[str, str] = (request.session.pop(ERRORS, None) or {}) if request.method == "GET" else {}
    if request.method == "POST":
        answers.update(posted(step, request.POST))
        request.session[ANSWERS] = answers
        errors = field_errors(step_issues(step, answers, business_date()))
        if not errors and request.POST.get("back") and ORDER.index(step) > 0:
            return redirect("portal:apply_step", step=ORDER[ORDER.index(step) - 1])
        if not errors and step != ORDER[-1]:
            return redirect("portal:apply_step", step=ORDER[ORDER.index(step) + 1])
        if not errors:
            return _submit(request, answers)
    index = ORDER.index(step)
    fields = [{"spec": f, "value": answers.get(f.name, ""), "error": errors.get(f.name, "")} for f in FIELDS[step]]
    return render(request, "portal/apply_step.html", {
        "step": step, "title": STEP_TITLES[step], "fields": fields, "number": index + 1, "total": len(ORDER),
        "steps": [(s, STEP_TITLES[s], i < index) for i, s in enumerate(ORDER)], "last": step == ORDER[-1],
        "first": index == 0, "consent_text": CONSENT_TEXT if step == "identity" else "",
        "other_errors": [m for f, m in errors.items() if f not in {x.name for x in FIELDS[step]}],
    }, status=422 if errors and request.method == "POST" else 200)


def _submit(request: HttpRequest, answers: dict[str, Any]) -> HttpResponse:
    try:
        application = application_from_steps(request.user, answers, ip=client_ip(request), as_of=business_date(),
                                             consent_text=str(CONSENT_TEXT))
    except OriginationError as exc:
        first = min((step_of(i.field) for i in exc.issues), key=ORDER.index)
        request.session[ERRORS] = field_errors(exc.issues)
        return redirect("portal:apply_step", step=first)
    request.session.pop(ANSWERS, None)
    return redirect("portal:application", pk=application.pk)


def _prefill(user: Any) -> dict[str, Any]:
    borrower = borrower_of(user)
    if borrower is None:
        return {"vehicle_condition": "new", "term_months": "36"}
    return {"name": borrower.name, "resident_id": borrower.resident_id, "bank_card": borrower.bank_card,
            "employer": borrower.employer, "monthly_income": str(borrower.monthly_income or ""),
            "vehicle_condition": "new", "term_months": "36"}

