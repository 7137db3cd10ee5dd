"""Collections API under /api/v1/collections/: cases by priority, a case, promises to pay,
escalation, the watchlist and the metrics report. Session auth with a permission per endpoint."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import SessionAuth

from autolend.collections import selectors, services
from autolend.collections.metrics import metrics_report
from autolend.collections.models import CollectionCase
from autolend.identity.permissions import has_perm

router = Router(tags=["collections"])


class _Auth(SessionAuth):
    def __init__(self, permission: str) -> None:
        super().__init__()
        self.permission = permission

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None and not has_perm(user, self.permission):
            raise HttpError(403, f"needs permission {self.permission}")
        return user


VIEW, WORK = _Auth("collections.view"), _Auth("collections.work")


class CaseOut(Schema):
    id: int
    loan: str
    borrower: str
    status: str
    dpd: int
    bucket: str
    score: int
    band: str
    queue: str
    collector: str | None
    priority: int
    sla_due: date | None
    sla_breached: bool
    writeoff_recommended_on: date | None


class PromiseIn(Schema):
    amount: Decimal
    due_on: date
    business_date: date


class EscalateIn(Schema):
    reason: str
    business_date: date


def _case(c: CollectionCase) -> CaseOut:
    return CaseOut(id=c.pk, loan=c.loan.number, borrower=c.loan.borrower_name, status=c.status, dpd=c.dpd,
                   bucket=c.bucket, score=c.score, band=c.band, queue=c.queue,
                   collector=c.collector.username if c.collector else None, priority=c.priority, sla_due=c.sla_due,
                   sla_breached=c.sla_breached, writeoff_recommended_on=c.writeoff_recommended_on)


@router.get("/cases", response=list[CaseOut], auth=VIEW, summary="Open cases by priority")
def cases(request: HttpRequest, queue: str = "", mine: bool = False, limit: int = 100) -> list[CaseOut]:
    rows = selectors.cases_list(collector=request.auth if mine else None, queue=queue)  # type: ignore[attr-defined]
    return [_case(c) for c in rows[: max(1, min(limit, 1000))]]


@router.get("/cases/{case_id}", response=CaseOut, auth=VIEW, summary="One case")
def case(request: HttpRequest, case_id: int) -> CaseOut:
    return _case(get_object_or_404(CollectionCase.objects.select_related("loan", "collector"), pk=case_id))


@router.post("/cases/{case_id}/promises", response={201: dict}, auth=WORK, summary="Record a promise to pay")
def promise(request: HttpRequest, case_id: int, payload: PromiseIn) -> tuple[int, dict[str, Any]]:
    p = services.promise_create(case_id, request.auth, payload.business_date,  # type: ignore[attr-defined]
                                amount=payload.amount, due_on=payload.due_on)
    return 201, {"id": p.pk, "status": p.status}


@router.post("/cases/{case_id}/escalate", response=CaseOut, auth=WORK, summary="Escalate a case")
def escalate(request: HttpRequest, case_id: int, payload: EscalateIn) -> CaseOut:
    services.case_escalate(case_id, request.auth, payload.business_date, payload.reason)  # type: ignore[attr-defined]
    return case(request, case_id)


@router.get("/watchlist", auth=VIEW, summary="Early-warning watchlist")
def watchlist(request: HttpRequest, as_of: date) -> list[dict[str, Any]]:
    return selectors.watchlist(as_of)


@router.get("/report", auth=VIEW, summary="Roll rates, cure rate, promise-kept rate, productivity")
def report(request: HttpRequest, as_of: date, window: int = 30) -> dict[str, Any]:
    return metrics_report(as_of, max(1, min(window, 366)))
