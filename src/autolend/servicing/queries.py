"""Reads for the interfaces (CLI, API, back office) on top of ``selectors``: the status summary,
filtered loan lists, the approval queue and a loan's audit events.

Amounts in the ``*_json`` results are decimal strings (the CLI/API contract); dates are ISO.
Nothing here reads the wall clock: "overdue" is judged on the business date.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum

from autolend.audit.models import AuditEvent
from autolend.kernel.money import ZERO
from autolend.ledger.models import JournalEntry
from autolend.ledger.selectors import trial_balance
from autolend.servicing.errors import ServicingError
from autolend.servicing.models import (
    ApprovalRequest,
    ApprovalStatus,
    Classification,
    Installment,
    Loan,
    LoanStatus,
    LoanTransaction,
)
from autolend.servicing.selectors import business_date_current, loan_summary

# What is still owed on a due (principal, interest, fee and penalty not paid or waived).
OWED = (F("principal") - F("principal_paid") + F("interest") - F("interest_paid") - F("interest_waived")
        + F("fee") - F("fee_paid") - F("fee_waived") + F("penalty") - F("penalty_paid"))


def dpd_bucket_names() -> tuple[str, ...]:
    """The DPD bucket names EOD uses (M0 current, M1 1–30 … M7+), from the EOD policy."""
    from autolend.servicing.eod.policy import eod_policy

    return tuple(bucket.name for bucket in eod_policy().buckets)


def overdue_dues(as_of: date | None) -> QuerySet[Installment]:
    """Current dues of active loans that fell due before ``as_of`` and still owe something."""
    if as_of is None:
        return Installment.objects.none()
    return (Installment.objects.filter(is_current=True, loan__status=LoanStatus.ACTIVE, due_date__lt=as_of)
            .annotate(owed=OWED).filter(owed__gt=0))


def status_summary() -> dict[str, Any]:
    """``autolend status --json``: the business date, loans by status, overdue dues, the books.

    ``loans`` has every status (zero when none); ``dpd_buckets`` and ``classification`` count the
    active loans as the last EOD left them; ``principal_outstanding`` is the active book in yuan.
    """
    day = business_date_current()
    counts = dict(Loan.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    active = Loan.objects.filter(status=LoanStatus.ACTIVE)
    buckets = dict(active.values_list("dpd_bucket").annotate(n=Count("id")).values_list("dpd_bucket", "n"))
    classes = dict(active.values_list("classification").annotate(n=Count("id"))
                   .values_list("classification", "n"))
    principal = active.aggregate(total=Sum("principal_outstanding"))["total"] or ZERO
    return {
        "business_date": day.isoformat() if day else None,
        "loans": {status.value: counts.get(status.value, 0) for status in LoanStatus},
        "loans_total": sum(counts.values()),
        "loans_overdue": active.filter(days_past_due__gt=0).count(),
        "dues_overdue": overdue_dues(day).count(),
        "principal_outstanding": str(Decimal(principal).quantize(Decimal("0.01"))),
        "dpd_buckets": {name: buckets.get(name, 0) for name in dpd_bucket_names()},
        "classification": {c.value: classes.get(c.value, 0) for c in Classification},
        "approvals_pending": ApprovalRequest.objects.filter(status=ApprovalStatus.PENDING).count(),
        "journal_entries": JournalEntry.objects.count(),
        "trial_balance_ok": trial_balance().balanced,
    }


def loans_query(status: str | None = None, bucket: str | None = None, classification: str | None = None,
                search: str | None = None) -> QuerySet[Loan]:
    """Loans by number, filtered. Unknown filter values raise ServicingError naming the filter."""
    loans = Loan.objects.order_by("number")
    if status:
        if status not in LoanStatus.values:
            raise ServicingError("status", f"must be one of {', '.join(LoanStatus.values)}")
        loans = loans.filter(status=status)
    if bucket:
        if bucket not in dpd_bucket_names():
            raise ServicingError("bucket", f"must be one of {', '.join(dpd_bucket_names())}")
        loans = loans.filter(dpd_bucket=bucket, status=LoanStatus.ACTIVE)
    if classification:
        if classification not in Classification.values:
            raise ServicingError("classification", f"must be one of {', '.join(Classification.values)}")
        loans = loans.filter(classification=classification, status=LoanStatus.ACTIVE)
    if search:
        text = search.strip()
        loans = loans.filter(Q(number__icontains=text) | Q(borrower_name__icontains=text)
                             | Q(dealer_name__icontains=text))
    return loans


def loan_row(loan: Loan) -> dict[str, Any]:
    """``loans list`` row plus what a list page shows next to it."""
    return {**loan_summary(loan), "dpd_bucket": loan.dpd_bucket, "borrower_name": loan.borrower_name,
            "dealer_name": loan.dealer_name, "product_code": loan.product_code,
            "disbursed_on": loan.disbursed_on.isoformat() if loan.disbursed_on else None}


def approvals_queue(kind: str | None = None, status: str = ApprovalStatus.PENDING) -> QuerySet[ApprovalRequest]:
    """Approval requests of ``kind`` (all kinds when None) in ``status``, oldest first."""
    requests = ApprovalRequest.objects.select_related("loan", "maker", "checker").filter(status=status)
    if kind:
        requests = requests.filter(kind=kind)
    return requests.order_by("requested_on", "pk")


def approval_json(request: ApprovalRequest) -> dict[str, Any]:
    """One approval request as JSON (the API's answer to a request, an approval or a rejection)."""
    return {
        "id": request.pk, "kind": request.kind, "status": request.status, "loan": request.loan.number,
        "maker": request.maker.get_username(), "checker": request.checker.get_username() if request.checker else None,
        "payload": request.payload, "reason": request.reason, "requested_on": request.requested_on.isoformat(),
        "decided_on": request.decided_on.isoformat() if request.decided_on else None,
    }


def loan_events(number: str, limit: int = 200) -> list[AuditEvent]:
    """The loan's audit events (booking, disbursement, payments …), oldest first."""
    events = AuditEvent.objects.filter(object_type="loan", object_id=number).select_related("actor")
    return list(events.order_by("seq")[:limit])


def loan_transaction(number: str, transaction_id: int) -> LoanTransaction:
    """Transaction ``transaction_id`` of loan ``number`` (ServicingError when it is another loan's)."""
    txn = LoanTransaction.objects.select_related("loan").filter(pk=transaction_id, loan__number=number).first()
    if txn is None:
        raise ServicingError("transaction", f"no transaction {transaction_id} on loan {number}")
    return txn
