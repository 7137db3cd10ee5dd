"""What a dealer login sees: its dealers' applications (origination's object-level rule), the
pipeline by state with counts, and the funding status of booked loans.

Funding status of an application's loan (放款状态), from servicing's rows:
``booked`` (waiting for a disbursement request) → ``pending`` (requested, waiting for a second
person's approval) → ``paid`` (approved and paid out to the dealer's account); ``rejected`` when
the last request was refused, ``approved`` when approved but the payout has no bank reference yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from autolend.origination.models import Application, ApplicationStatus, Contract, ContractStatus
from autolend.origination.selectors import applications_visible_to
from autolend.parties.models import Dealer
from autolend.parties.selectors import dealers_of_user
from autolend.servicing.models import (
    ApprovalKind,
    ApprovalRequest,
    ApprovalStatus,
    Loan,
    LoanTransaction,
    TransactionKind,
)

PIPELINE_ORDER = [ApplicationStatus.SUBMITTED, ApplicationStatus.REFERRED, ApplicationStatus.APPROVED,
                  ApplicationStatus.OFFER_ACCEPTED, ApplicationStatus.CONTRACT_SIGNED, ApplicationStatus.BOOKED,
                  ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN, ApplicationStatus.EXPIRED,
                  ApplicationStatus.DRAFT]


def dealer_applications(user: Any) -> QuerySet[Application]:
    """Every application of the dealers ``user`` works for (active memberships only)."""
    return applications_visible_to(user)


def dealer_application(user: Any, pk: int) -> Application | None:
    """The application if it belongs to one of ``user``'s dealers, else None (the view says 404)."""
    return dealer_applications(user).filter(pk=pk).first()


def dealer_memberships(user: Any) -> list[Dealer]:
    return dealers_of_user(user.pk)


def pipeline_counts(user: Any) -> list[tuple[str, str, int]]:
    """(status, label, count) for every status, in pipeline order (one grouped query)."""
    counts = dict(dealer_applications(user).order_by().values_list("status").annotate(n=Count("id"))
                  .values_list("status", "n"))
    return [(s.value, str(s.label), counts.get(s.value, 0)) for s in PIPELINE_ORDER]


def pipeline_rows(user: Any, *, status: str = "", search: str = "", applied_from: date | None = None,
                  applied_to: date | None = None, limit: int = 200) -> list[Application]:
    """The first ``limit`` of ``pipeline_query``."""
    return list(pipeline_query(user, status=status, search=search, applied_from=applied_from,
                               applied_to=applied_to)[:limit])


def pipeline_query(user: Any, *, status: str = "", search: str = "", applied_from: date | None = None,
                   applied_to: date | None = None) -> QuerySet[Application]:
    """The dealer's applications, newest first, filtered by status, a search (number, customer
    name, VIN) and the application date range."""
    rows = dealer_applications(user)
    if status:
        rows = rows.filter(status=status)
    if search:
        rows = rows.filter(Q(number__icontains=search) | Q(borrower__name__icontains=search)
                           | Q(vin__iexact=search))
    if applied_from:
        rows = rows.filter(applied_on__gte=applied_from)
    if applied_to:
        rows = rows.filter(applied_on__lte=applied_to)
    return rows.order_by("-created_at", "-pk")


@dataclass(frozen=True)
class Funding:
    application: Application
    loan_number: str
    status: str  # booked | pending | approved | paid | rejected
    principal: Decimal
    payout: Decimal | None
    paid_on: date | None
    reference: str
    requested_on: date | None


def funding_rows(applications: list[Application]) -> list[Funding]:
    """The funding status of each application that has a booked loan (four queries in all)."""
    contracts = dict(Contract.objects.filter(application__in=applications, status=ContractStatus.SIGNED)
                     .exclude(loan_number="").values_list("application_id", "loan_number"))
    loans = {loan.number: loan for loan in Loan.objects.filter(number__in=list(contracts.values()))}
    ids = [loan.pk for loan in loans.values()]
    latest: dict[int, ApprovalRequest] = {}
    for request in (ApprovalRequest.objects.filter(loan_id__in=ids, kind=ApprovalKind.DISBURSEMENT)
                    .order_by("loan_id", "pk")):
        latest[request.loan_id] = request  # the last one wins
    payouts = {txn.loan_id: txn for txn in LoanTransaction.objects.filter(loan_id__in=ids,
                                                                       kind=TransactionKind.PAYOUT)
               .order_by("loan_id", "pk")}
    out = []
    for application in applications:
        loan = loans.get(contracts.get(application.pk, ""))
        if loan is None:
            continue
        request, payout = latest.get(loan.pk), payouts.get(loan.pk)
        out.append(Funding(application=application, loan_number=loan.number, status=_status(request, payout),
                           principal=loan.principal, payout=payout.amount if payout else None,
                           paid_on=payout.business_date if payout else None,
                           reference=payout.external_ref if payout else "",
                           requested_on=request.requested_on if request else None))
    return out


def _status(request: ApprovalRequest | None, payout: LoanTransaction | None) -> str:
    if payout is not None:
        return "paid" if payout.external_ref else "approved"
    if request is None:
        return "booked"
    return {ApprovalStatus.PENDING: "pending", ApprovalStatus.REJECTED: "rejected"}.get(request.status, "approved")
