"""The strategy page (催收策略) under /backoffice/collections/strategy/: the table in force on the
business date, every version, and for ``collections.manage`` a form to propose a new version and
the buttons to approve or reject another person's proposal (maker-checker in the service)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from autolend.collections import selectors, services
from autolend.collections.models import StrategyStatus
from autolend.collections.strategy import BANDS, QUEUES, STRATEGY_BUCKETS
from autolend.identity.permissions import has_perm, permission_required

QUEUE_LABELS = {
    "auto_message": gettext_lazy("Automatic messages"), "phone": gettext_lazy("Phone"),
    "field_visit": gettext_lazy("Field visit"), "legal": gettext_lazy("Legal"),
    "repossession": gettext_lazy("Repossession"), "outside_agency": gettext_lazy("Outside agency"),
}
BAND_LABELS = {"high": gettext_lazy("High score"), "medium": gettext_lazy("Medium score"), "low": gettext_lazy("Low score")}
REFUSALS = {
    "version": gettext_lazy("Give the version a name of 1 to 20 characters that is not used yet."),
    "effective_from": gettext_lazy("The effective date must not be before the business date."),
    "checker": gettext_lazy("The maker of a proposal cannot approve or reject it: another person must decide (maker-checker)."),
    "strategy": gettext_lazy("This version was already decided."),
    "cell": gettext_lazy("Every bucket and score band needs a queue."),
    "sla": gettext_lazy("Every queue needs an SLA of 1 to 90 days."),
    "sla_days": gettext_lazy("Every queue needs an SLA of 1 to 90 days."),
    "writeoff_after_dpd": gettext_lazy("The write-off line must be 90 to 720 days past due."),
    "reason": gettext_lazy("A reason is required."),
}


def _today() -> date:
    from autolend.collections.views import _today as today

    return today()


def refusal_text(exc: ValueError) -> str:
    """A refused strategy step in the page's language (the service's own words as the detail)."""
    field = getattr(exc, "field", "")
    known = REFUSALS.get(field)
    detail = getattr(exc, "message", None) or str(exc)
    return f"{known} ({detail})" if known else detail


@permission_required("collections.view")
def strategy(request: HttpRequest) -> HttpResponse:
    day = _today()
    in_force = selectors.strategy_in_force(day)
    grid = [{"bucket": row["bucket"], "cells": [{"band": band, "queue": q, "label": QUEUE_LABELS.get(q, q)}
                                                  for band, q in zip(BANDS, row["queues"], strict=True)]}
            for row in selectors.strategy_grid(in_force)]
    return render(request, "collections/strategy.html", {
        "as_of": day, "in_force": in_force, "grid": grid, "bands": [BAND_LABELS[b] for b in BANDS],
        "sla": [(q, QUEUE_LABELS[q], in_force.sla_days.get(q, "")) for q in QUEUES],
        "queues": [(q, QUEUE_LABELS[q]) for q in QUEUES], "versions": selectors.strategy_versions(),
        "can_manage": has_perm(request.user, "collections.manage"), "proposed": StrategyStatus.PROPOSED})


def _proposal(post: Any) -> dict[str, Any]:
    from autolend.collections.services._common import CollectionsError

    try:
        effective_from = date.fromisoformat(post.get("effective_from", ""))
    except ValueError:
        raise CollectionsError("effective_from", "is not a date") from None
    sla: dict[str, int] = {}
    for q in QUEUES:
        try:
            sla[q] = int(post.get(f"sla_{q}", ""))
        except ValueError:
            raise CollectionsError("sla_days", f"{q}: not a whole number of days") from None
    try:
        line = int(post.get("writeoff_after_dpd", ""))
    except ValueError:
        raise CollectionsError("writeoff_after_dpd", "not a whole number of days") from None
    return {"version": post.get("version", ""), "effective_from": effective_from, "sla_days": sla,
            "writeoff_after_dpd": line, "note": post.get("note", ""),
            "table": {(b, band): post.get(f"cell_{b}_{band}", "") for b in STRATEGY_BUCKETS for band in BANDS}}


@require_POST
@permission_required("collections.manage")
def strategy_propose(request: HttpRequest) -> HttpResponse:
    try:
        row = services.strategy_propose(request.user, _today(), **_proposal(request.POST))
    except ValueError as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(request, _("Version %(version)s proposed: another manager must approve it.") % {
            "version": row.version})
    return HttpResponseRedirect(reverse("collections:strategy"))


@require_POST
@permission_required("collections.manage")
def strategy_decide(request: HttpRequest, strategy_id: int, action: str) -> HttpResponse:
    day = _today()
    try:
        if action == "approve":
            services.strategy_approve(strategy_id, request.user, day)
            messages.success(request, _("Version approved."))
        elif action == "reject":
            services.strategy_reject(strategy_id, request.user, day, request.POST.get("reason", ""))
            messages.success(request, _("Version rejected."))
        else:
            return HttpResponse(status=404)
    except ValueError as exc:
        messages.error(request, refusal_text(exc))
    return HttpResponseRedirect(reverse("collections:strategy"))
