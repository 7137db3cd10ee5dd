"""Collections reads: the collector's case list, a case with its loan and contact history, the
early-warning watchlist, the strategy in force on a date and its versions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from autolend.collections.models import (
    AgencyCommission,
    CaseAction,
    CaseStatus,
    CollectionCase,
    CollectionStrategy,
    ContactLog,
    PromiseToPay,
    StrategyStatus,
)
from autolend.collections.scoring import DEFAULT_BANDS, ScoreInputs, behaviour_score
from autolend.collections.strategy import BANDS, STRATEGY, STRATEGY_BUCKETS, Strategy
from autolend.kernel.money import FEN
from autolend.servicing.models import Loan, LoanStatus, LoanTransaction


def cases_list(*, collector: Any = None, queue: str = "", open_only: bool = True) -> QuerySet[CollectionCase]:
    """Cases by priority (highest first): ``collector`` narrows to one collector's cases."""
    rows = CollectionCase.objects.select_related("loan", "collector")
    if open_only:
        rows = rows.filter(status=CaseStatus.OPEN)
    if collector is not None:
        rows = rows.filter(collector=collector)
    if queue:
        rows = rows.filter(queue=queue)
    return rows.order_by("-priority", "pk")


def case_detail(case_id: int) -> dict[str, Any]:
    """The case, its loan, actions, contacts, promises and the loan's recent transactions."""
    case = CollectionCase.objects.select_related("loan", "collector").get(pk=case_id)
    return {
        "case": case,
        "loan": case.loan,
        "actions": list(CaseAction.objects.filter(case=case).select_related("actor").order_by("-pk")[:100]),
        "contacts": list(ContactLog.objects.filter(loan_id=case.loan_id).order_by("-pk")[:100]),
        "promises": list(PromiseToPay.objects.filter(case=case).order_by("due_on", "pk")),
        "transactions": list(LoanTransaction.objects.filter(loan_id=case.loan_id).order_by("-business_date", "-pk")[:50]),
        "earlier_cases": list(CollectionCase.objects.filter(loan_id=case.loan_id).exclude(pk=case.pk).order_by("-pk")),
    }


def _open_alerts(loan_ids: list[int]) -> dict[int, int]:
    try:
        from autolend.collateral.models import CollateralAlert
    except ImportError:  # collateral not installed
        return {}
    return dict(CollateralAlert.objects.filter(loan_id__in=loan_ids, is_open=True).values_list("loan")
                .annotate(n=Count("pk")).values_list("loan", "n"))


def watchlist(as_of: date, *, limit: int = 200) -> list[dict[str, Any]]:
    """预警名单: current (not overdue) active loans whose behaviour score is under the watch line,
    lowest score first. Inputs: earlier cases (payment history), open GPS / LTV alerts."""
    history = dict(CollectionCase.objects.values_list("loan").annotate(n=Count("pk")).values_list("loan", "n"))
    suspects = set(history) | set(_open_alerts_all())
    loans = Loan.objects.filter(pk__in=suspects, status=LoanStatus.ACTIVE, days_past_due=0)
    alerts = _open_alerts([loan.pk for loan in loans])
    rows = []
    for loan in loans:
        score = behaviour_score(ScoreInputs(dpd=0, prior_cases=history.get(loan.pk, 0), open_alerts=alerts.get(loan.pk, 0)))
        if score < DEFAULT_BANDS.watch_below:
            rows.append({"loan": loan.number, "loan_id": loan.pk, "borrower": loan.borrower_name, "score": score,
                         "prior_cases": history.get(loan.pk, 0), "open_alerts": alerts.get(loan.pk, 0),
                         "as_of": as_of.isoformat()})
    return sorted(rows, key=lambda r: (r["score"], r["loan"]))[:limit]


def _open_alerts_all() -> list[int]:
    try:
        from autolend.collateral.models import CollateralAlert
    except ImportError:
        return []
    return list(CollateralAlert.objects.filter(is_open=True, loan__isnull=False).values_list("loan_id", flat=True))


def queue_counts() -> dict[str, int]:
    """Open cases per queue, and how many breach their SLA."""
    rows = CollectionCase.objects.filter(status=CaseStatus.OPEN).values("queue").annotate(
        n=Count("pk"), breached=Count("pk", filter=Q(sla_breached=True)))
    return {r["queue"]: r["n"] for r in rows} | {"sla_breached": sum(r["breached"] for r in rows)}


def strategy_version_in_force(as_of: date) -> CollectionStrategy | None:
    """The active strategy version with the latest effective date on or before ``as_of``."""
    return (CollectionStrategy.objects.filter(status=StrategyStatus.ACTIVE, effective_from__lte=as_of)
            .order_by("-effective_from", "-pk").first())


def strategy_in_force(as_of: date) -> Strategy:
    """The ``Strategy`` value collections EOD and the services use on ``as_of`` (built from the
    stored rows; the built-in default table when no version is in force)."""
    row = strategy_version_in_force(as_of)
    if row is None:
        return STRATEGY
    cells = row.cells.values_list("bucket", "band", "queue")
    return Strategy.from_rows(row.version, cells, row.sla_days, row.writeoff_after_dpd)


def strategy_versions(limit: int = 50) -> list[CollectionStrategy]:
    """Every version, newest effective date first, with who proposed and decided it."""
    return list(CollectionStrategy.objects.select_related("proposed_by", "decided_by")
                .order_by("-effective_from", "-pk")[:limit])


def strategy_grid(strategy: Strategy) -> list[dict[str, Any]]:
    """The table as rows for a page: bucket, then the queue of each band (best band first)."""
    return [{"bucket": b, "queues": [strategy.table.get((b, band), "auto_message") for band in BANDS]}
            for b in STRATEGY_BUCKETS]


def agency_commissions(as_of: date) -> list[dict[str, Any]]:
    """Per agency: commission accrued and unpaid on or before ``as_of`` (what a payment would pay),
    and paid so far (yuan)."""
    from django.db.models import Sum

    from autolend.collections.models import Agency

    rows = []
    for agency in Agency.objects.order_by("name"):
        mine = AgencyCommission.objects.filter(placement__agency=agency, accrual_entry__isnull=False)
        unpaid = mine.filter(paid_on__isnull=True, business_date__lte=as_of)
        unpaid_total = unpaid.aggregate(s=Sum("commission"))["s"] or 0
        paid_total = mine.filter(paid_on__isnull=False).aggregate(s=Sum("commission"))["s"] or 0
        rows.append({"agency": agency, "unpaid_count": unpaid.count(), "unpaid": Decimal(unpaid_total).quantize(FEN),
                     "paid": Decimal(paid_total).quantize(FEN)})
    return rows
