"""The collector workspace (催收工作台) under /backoffice/collections/: cases by priority, a case
with its loan and contact history and the forms to work it, the watchlist and the metrics.

Views turn the request into values and call selectors or services; the send time of a call or
message is the request's wall-clock time (the shell's job), the business date the platform's.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from autolend.collections import selectors, services
from autolend.collections.metrics import metrics_report
from autolend.collections.models import CollectionCase, OutcomeCode
from autolend.collections.strategy import QUEUES
from autolend.identity.permissions import has_perm, permission_required


def _today() -> date:
    from autolend.servicing.selectors import business_date_current

    return business_date_current() or timezone.localdate()


@permission_required("collections.view")
def cases(request: HttpRequest) -> HttpResponse:
    """Open cases by priority; ``?mine=1`` only the signed-in collector's, ``?queue=`` one queue."""
    queue = request.GET.get("queue", "")
    queue = queue if queue in QUEUES else ""
    mine = request.GET.get("mine") == "1"
    rows = selectors.cases_list(collector=request.user if mine else None, queue=queue)[:200]
    return render(request, "collections/cases.html", {
        "rows": rows, "queues": QUEUES, "queue": queue, "mine": mine, "counts": selectors.queue_counts(),
        "as_of": _today()})


@permission_required("collections.view")
def case(request: HttpRequest, case_id: int) -> HttpResponse:
    get_object_or_404(CollectionCase, pk=case_id)
    detail = selectors.case_detail(case_id)
    return render(request, "collections/case.html", {
        **detail, "outcomes": OutcomeCode.choices, "queues": QUEUES,
        "can_work": has_perm(request.user, "collections.work") and detail["case"].status == "open", "as_of": _today()})


@require_POST
@permission_required("collections.work")
def case_action(request: HttpRequest, case_id: int, action: str) -> HttpResponse:
    """note | call | promise | escalate: one service call, reported back as a message."""
    day, post, user = _today(), request.POST, request.user
    try:
        if action == "note":
            services.note_add(case_id, user, day, post.get("text", ""))
        elif action == "call":
            services.call_log(case_id, user, day, at=timezone.now(), outcome=post.get("outcome", ""),
                              text=post.get("text", ""), channel="visit" if post.get("visit") else "phone")
        elif action == "promise":
            services.promise_create(case_id, user, day, amount=post.get("amount", ""),
                                    due_on=date.fromisoformat(post.get("due_on", "")))
        elif action == "escalate":
            services.case_escalate(case_id, user, day, post.get("reason", ""))
        else:
            return HttpResponse(status=404)
        messages.success(request, _("Saved."))
    except ValueError as exc:
        messages.error(request, getattr(exc, "message", None) or str(exc))
    return HttpResponseRedirect(reverse("collections:case", args=[case_id]))


@permission_required("collections.view")
def watchlist(request: HttpRequest) -> HttpResponse:
    day = _today()
    return render(request, "collections/watchlist.html", {"rows": selectors.watchlist(day), "as_of": day})


@permission_required("collections.view")
def report(request: HttpRequest) -> HttpResponse:
    day = _today()
    return render(request, "collections/report.html", {"report": metrics_report(day), "as_of": day})
