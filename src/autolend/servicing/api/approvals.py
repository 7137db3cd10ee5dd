"""``/approvals/{id}/approve`` and ``/reject``: the checker's half of maker-checker.

Approving needs the kind's approve permission (``disbursement.approve``, ``writeoff.approve``,
``restructure.approve``) and another person than the maker (else 403). Rejecting needs the same
permission, or being the request's maker (a withdrawal). A decided request is a 409.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import pgettext
from ninja import Router
from ninja.errors import HttpError

from autolend.identity.permissions import has_perm
from autolend.servicing.api._common import (
    ApprovalOut,
    DecisionIn,
    business_day,
    refusals,
    require,
    session,
)
from autolend.servicing.approval_kinds import APPROVE_PERMISSION, approver
from autolend.servicing.models import ApprovalRequest

router = Router(tags=["approvals"], auth=session)


def _request(pk: int) -> ApprovalRequest:
    found = ApprovalRequest.objects.select_related("loan", "maker").filter(pk=pk).first()
    if found is None:
        raise HttpError(404, pgettext("servicing", "There is no such approval request."))
    return found


@router.post("/{request_id}/approve", response=ApprovalOut, summary="Approve a request (checker)")
def approve(request: HttpRequest, request_id: int, payload: DecisionIn) -> dict[str, Any]:
    from autolend.servicing.queries import approval_json

    pending = _request(request_id)
    actor = require(request, APPROVE_PERMISSION[pending.kind])
    day = business_day(payload.date)
    with refusals():
        approver(pending.kind)(pending.pk, actor, day)
    pending.refresh_from_db()
    return approval_json(pending)


@router.post("/{request_id}/reject", response=ApprovalOut, summary="Reject (or, by its maker, withdraw) a request")
def reject(request: HttpRequest, request_id: int, payload: DecisionIn) -> dict[str, Any]:
    from autolend.servicing.queries import approval_json
    from autolend.servicing.services import approval_reject

    pending = _request(request_id)
    withdrawal = pending.maker_id == request.user.pk and has_perm(request.user, "backoffice.view")
    if not withdrawal:
        require(request, APPROVE_PERMISSION[pending.kind])
    day = business_day(payload.date)
    with refusals():
        decided = approval_reject(pending.pk, request.user, day, payload.reason)
    return approval_json(decided)
