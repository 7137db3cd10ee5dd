"""Back office: the approval queue (disbursements, write-offs, restructures) and the checker's
decisions. The maker of a request cannot approve it: the page says so (403), nothing changes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from autolend.identity.permissions import has_perm, permission_required
from autolend.servicing.approval_kinds import APPROVE_PERMISSION, approver
from autolend.servicing.errors import ServicingError
from autolend.servicing.models import ApprovalRequest, ApprovalStatus
from autolend.servicing.refusals import refusal
from autolend.web.backoffice.forms import DecisionForm

DECIDED_SHOWN = 20


@permission_required("backoffice.view")
def approvals(request: HttpRequest, *, error: str | None = None, status: int = 200) -> HttpResponse:
    """Pending requests, oldest first, with approve/reject for those the user may decide."""
    from autolend.servicing.queries import approvals_queue

    pending = [(item, has_perm(request.user, APPROVE_PERMISSION[item.kind])) for item in approvals_queue()]
    decided = (ApprovalRequest.objects.select_related("loan", "maker", "checker")
               .exclude(status=ApprovalStatus.PENDING).order_by("-decided_on", "-pk")[:DECIDED_SHOWN])
    return render(request, "backoffice/approvals.html",
                  {"pending": pending, "decided": decided, "error": error, "form": DecisionForm()}, status=status)


def _decide(request: HttpRequest, request_id: int, approve: bool) -> HttpResponse:
    from autolend.servicing.selectors import business_date_current
    from autolend.servicing.services import approval_reject

    item = get_object_or_404(ApprovalRequest, pk=request_id)
    withdrawal = not approve and item.maker_id == request.user.pk
    if not withdrawal and not has_perm(request.user, APPROVE_PERMISSION[item.kind]):
        raise PermissionDenied(APPROVE_PERMISSION[item.kind])
    day = business_date_current()
    if day is None:
        message = pgettext("servicing", "There is no business date yet (no end of day has run).")
        return approvals(request, error=message, status=409)
    form = DecisionForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        if approve:
            approver(item.kind)(item.pk, request.user, day)
        else:
            approval_reject(item.pk, request.user, day, reason)
    except ServicingError as exc:
        refused = refusal(exc)
        return approvals(request, error=refused.message, status=refused.status)
    if approve:
        done = pgettext("servicing", "Request %(id)s approved.")
    else:
        done = pgettext("servicing", "Request %(id)s rejected.")
    messages.success(request, done % {"id": item.pk})
    return redirect("backoffice:approvals")


@permission_required("backoffice.view")
@require_POST
def approve(request: HttpRequest, request_id: int) -> HttpResponse:
    return _decide(request, request_id, approve=True)


@permission_required("backoffice.view")
@require_POST
def reject(request: HttpRequest, request_id: int) -> HttpResponse:
    return _decide(request, request_id, approve=False)
