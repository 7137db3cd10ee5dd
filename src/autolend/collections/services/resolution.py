"""Resolving a case: hardship restructure / extension, write-off (recommendation by rule, second
person approves through servicing), outside agencies and their commission on recoveries (posted to
the ledger by ``services.commission``)."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction

from autolend.collections.models import (
    Agency,
    AgencyCommission,
    CaseStatus,
    CollectionCase,
    Placement,
)
from autolend.collections.services._common import CollectionsError, action_record, case_lock
from autolend.collections.services.commission import commission_accrue
from autolend.servicing import services as servicing
from autolend.servicing.models import ApprovalRequest, Loan, LoanTransaction

FEN = Decimal("0.01")


def hardship_propose(case: CollectionCase | int, actor: Any, business_date: date, *, installments: int,
                     annual_rate: Decimal | str | None = None, reason: str) -> ApprovalRequest:
    """Propose a restructure / extension (重组 / 展期) of the case's loan: servicing's
    ``restructure_request`` (a new schedule version once a second person approves; the loan stays
    at least substandard for the observation period through ``Loan.restructured_until``)."""
    if not (reason or "").strip():
        raise CollectionsError("reason", "is required")
    locked = case_lock(case)
    request = servicing.restructure_request(locked.loan, installments=installments, annual_rate=annual_rate,
                                            actor=actor, business_date=business_date, reason=f"hardship: {reason}")
    with transaction.atomic():
        action_record(case_lock(locked), "hardship", actor, business_date, text=reason, request=request.pk)
    return request


def hardship_approve(request: ApprovalRequest | int, checker: Any, business_date: date) -> LoanTransaction:
    """The checker (never the proposer: servicing refuses) approves the restructure."""
    return servicing.restructure_approve(request, checker, business_date)


def writeoff_recommend(case: CollectionCase | int, actor: Any, business_date: date, reason: str) -> CollectionCase:
    """Recommend a write-off by hand, e.g. ``repossession_shortfall`` after the car was sold for
    less than owed (EOD recommends by rule when DPD passes the strategy's limit)."""
    if not (reason or "").strip():
        raise CollectionsError("reason", "is required")
    with transaction.atomic():
        locked = case_lock(case)
        locked.writeoff_recommended_on, locked.writeoff_reason = business_date, reason[:40]
        locked.save(update_fields=["writeoff_recommended_on", "writeoff_reason"])
        action_record(locked, "recommend", actor, business_date, text=reason, touch=False)
        return locked


def writeoff_propose(case: CollectionCase | int, actor: Any, business_date: date) -> ApprovalRequest:
    """Turn a recommendation into servicing's write-off request (maker)."""
    locked = CollectionCase.objects.get(pk=case.pk if isinstance(case, CollectionCase) else case)
    if locked.writeoff_recommended_on is None:
        raise CollectionsError("case", "no write-off recommendation on this case")
    request = servicing.writeoff_request(locked.loan, actor, business_date,
                                         f"collections: {locked.writeoff_reason} (case {locked.pk})")
    with transaction.atomic():
        action_record(case_lock(locked, open_only=False), "writeoff", actor, business_date, touch=False, request=request.pk)
    return request


def writeoff_approve(request: ApprovalRequest | int, checker: Any, business_date: date) -> LoanTransaction:
    """A second person approves (servicing refuses the maker); the case closes at the next EOD."""
    return servicing.writeoff_approve(request, checker, business_date)


def agency_place(case: CollectionCase | int, agency: Agency, actor: Any, business_date: date) -> Placement:
    """Place the case's loan with an outside agency (委外催收); one active placement a loan."""
    if not agency.active:
        raise CollectionsError("agency", "is not active")
    with transaction.atomic():
        locked = case_lock(case, open_only=False)
        if Placement.objects.filter(loan_id=locked.loan_id, ended_on__isnull=True).exists():
            raise CollectionsError("case", "the loan is already placed with an agency")
        placement = Placement.objects.create(case=locked, loan_id=locked.loan_id, agency=agency, placed_on=business_date)
        action_record(locked, "placement", actor, business_date, text=agency.name, touch=False)
        return placement


def commission_for(collected: Decimal, percent: Decimal) -> Decimal:
    """The agency's commission (yuan): collected × percent ÷ 100, half-up to the fen."""
    return (collected * percent / 100).quantize(FEN, rounding=ROUND_HALF_UP)


def recovery_record(loan: Loan | str, amount: Decimal | str | int, business_date: date, idempotency_key: str, *,
                    actor: Any = None, channel: str = "manual") -> LoanTransaction:
    """Money recovered on a written-off loan: servicing's ``recovery_post`` (Dr bank / Cr
    recoveries), then, when an agency holds the loan, its commission accrued in the ledger."""
    txn = servicing.recovery_post(loan, amount, business_date, idempotency_key, channel=channel, actor=actor)
    with transaction.atomic():
        placement = (Placement.objects.select_related("agency").filter(loan_id=txn.loan_id, ended_on__isnull=True)
                     .order_by("-pk").first())
        if placement is not None:
            AgencyCommission.objects.get_or_create(transaction=txn, defaults={
                "placement": placement, "collected": txn.amount, "business_date": business_date,
                "commission": commission_for(txn.amount, placement.agency.commission_percent)})
            # the row locked, then its accrual posted once (Dr 6421 / Cr 2245; services.commission)
            commission_accrue(AgencyCommission.objects.select_for_update().get(transaction=txn), actor)
        case = CollectionCase.objects.filter(loan_id=txn.loan_id).order_by("-pk").first()
        if case is not None and case.status == CaseStatus.CLOSED:
            action_record(case, "recovery", actor, business_date, text=str(txn.amount), touch=False)
    return txn
