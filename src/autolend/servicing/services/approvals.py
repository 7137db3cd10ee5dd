"""Maker-checker (双人复核): one person asks, another decides; the maker never approves their own."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from autolend.servicing.errors import ServicingError
from autolend.servicing.models import ApprovalRequest, ApprovalStatus, Loan
from autolend.servicing.services._common import date_of, lock_loan, now, record, retrying, snapshot


def approval_open(kind: str, loan: Loan, maker: Any, business_date: date, payload: dict[str, Any],
                  reason: str = "") -> ApprovalRequest:
    """A pending request of ``kind`` on the (locked) loan; one pending request per kind."""
    if not getattr(maker, "pk", None):
        raise ServicingError("actor", "a request needs the person who makes it")
    if ApprovalRequest.objects.filter(loan=loan, kind=kind, status=ApprovalStatus.PENDING).exists():
        raise ServicingError("loan", f"loan {loan.number} already has a pending {kind} request")
    return ApprovalRequest.objects.create(
        kind=kind, loan=loan, maker=maker, payload=payload, reason=(reason or "")[:200],
        requested_on=business_date, created_at=now(),
    )


def approval_lock(request: ApprovalRequest | int, kind: str) -> tuple[Loan, ApprovalRequest]:
    """Lock the request's loan, then the request (the fixed order), and check it is still pending."""
    pk = request.pk if isinstance(request, ApprovalRequest) else int(request)
    loan_id = ApprovalRequest.objects.filter(pk=pk).values_list("loan_id", flat=True).first()
    if loan_id is None:
        raise ServicingError("request", f"no approval request {pk}")
    loan = lock_loan(loan_id)
    # Locked after its loan: two checkers approving the same request at once would pay out twice.
    locked = ApprovalRequest.objects.select_for_update().get(pk=pk)
    if locked.kind != kind:
        raise ServicingError("request", f"request {pk} is a {locked.kind} request, not {kind}")
    if locked.status != ApprovalStatus.PENDING:
        raise ServicingError("request", f"request {pk} was already {locked.status}")
    return loan, locked


def approval_decide(request: ApprovalRequest, checker: Any, business_date: date, status: str) -> None:
    """Record the checker's decision; the maker may not approve (they may withdraw: reject)."""
    if not getattr(checker, "pk", None):
        raise ServicingError("checker", "a decision needs the person who makes it")
    if status == ApprovalStatus.APPROVED and checker.pk == request.maker_id:
        raise ServicingError("checker", "the maker of a request cannot approve it: another person must (maker-checker)")
    request.status = status
    request.checker = checker
    request.decided_on = business_date
    request.save(update_fields=["status", "checker", "decided_on"])


def approval_reject(
    request: ApprovalRequest | int, checker: Any, business_date: date, reason: str = ""
) -> ApprovalRequest:
    """Reject (or, by its maker, withdraw) a pending request of any kind; nothing else changes."""
    day = date_of(business_date)
    pk = request.pk if isinstance(request, ApprovalRequest) else int(request)

    def reject() -> ApprovalRequest:
        with transaction.atomic():
            kind = ApprovalRequest.objects.filter(pk=pk).values_list("kind", flat=True).first() or ""
            loan, locked = approval_lock(pk, kind)
            approval_decide(locked, checker, day, ApprovalStatus.REJECTED)
            if reason:
                locked.reason = reason[:200]
                locked.save(update_fields=["reason"])
            record(f"{kind}_reject", loan, actor=checker, before=snapshot(loan), business_date=day, request=pk)
            return locked

    return retrying(reject)
