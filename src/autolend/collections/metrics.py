"""Collections metrics (催收指标) from the stored snapshots and case records.

- Roll rate b → b+1 over a window (default 30 days, t0 = as_of − 30): of the loans in bucket b at
  the close of t0, the share in bucket b+1 at the close of as_of. M0 counts come from the daily
  totals; a loan without a snapshot on a day was current (or closed) that day.
- Cure rate: of the cases closed in the window, the share closed as cured.
- Promise-kept rate: kept ÷ (kept + broken) among promises evaluated in the window.
- Collector productivity: per collector, actions, calls, promises taken and repayments collected
  on their cases in the window (yuan).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from autolend.collections.models import (
    BucketSnapshot,
    BucketTotal,
    CaseAction,
    CollectionCase,
    PromiseToPay,
)
from autolend.collections.strategy import BUCKET_NAMES
from autolend.servicing.models import LoanTransaction


def _ratio(num: int, den: int) -> str | None:
    return None if den == 0 else str((Decimal(num) / Decimal(den)).quantize(Decimal("0.0001")))


def roll_rates(as_of: date, window: int = 30) -> dict[str, dict[str, Any]]:
    t0 = as_of - timedelta(days=window)
    before = dict(BucketSnapshot.objects.filter(business_date=t0).values_list("loan_id", "bucket"))
    after = dict(BucketSnapshot.objects.filter(business_date=as_of).values_list("loan_id", "bucket"))
    m0_t0 = BucketTotal.objects.filter(business_date=t0, bucket="M0").values_list("loans", flat=True).first() or 0
    out: dict[str, dict[str, Any]] = {}
    for i, name in enumerate(BUCKET_NAMES[:-1]):
        nxt = BUCKET_NAMES[i + 1]
        if name == "M0":
            base = m0_t0
            rolled = sum(1 for loan, b in after.items() if b == nxt and loan not in before)
        else:
            members = [loan for loan, b in before.items() if b == name]
            base = len(members)
            rolled = sum(1 for loan in members if after.get(loan) == nxt)
        out[f"{name}->{nxt}"] = {"from": base, "rolled": rolled, "rate": _ratio(rolled, base)}
    return out


def metrics_report(as_of: date, window: int = 30) -> dict[str, Any]:
    """Everything ``autolend collections report`` prints (JSON-ready)."""
    start = as_of - timedelta(days=window) + timedelta(days=1)
    closed = Counter(CollectionCase.objects.filter(closed_on__range=(start, as_of)).values_list("close_reason", flat=True))
    promises = Counter(PromiseToPay.objects.filter(evaluated_on__range=(start, as_of)).values_list("status", flat=True))
    open_cases = Counter(CollectionCase.objects.filter(status="open").values_list("bucket", flat=True))
    return {
        "as_of": as_of.isoformat(),
        "window_days": window,
        "roll_rates": roll_rates(as_of, window),
        "cases": {"open": sum(open_cases.values()), "open_by_bucket": dict(sorted(open_cases.items())),
                  "opened": CollectionCase.objects.filter(opened_on__range=(start, as_of)).count(),
                  "closed": dict(sorted(closed.items()))},
        "cure_rate": _ratio(closed.get("cured", 0), sum(closed.values())),
        "promise_kept_rate": _ratio(promises.get("kept", 0), promises.get("kept", 0) + promises.get("broken", 0)),
        "promises": {"kept": promises.get("kept", 0), "broken": promises.get("broken", 0)},
        "collectors": productivity(start, as_of),
    }


def productivity(start: date, end: date) -> list[dict[str, Any]]:
    """Per collector: actions, calls, promises and repayments on their cases between the dates."""
    acts = (CaseAction.objects.filter(business_date__range=(start, end), actor__isnull=False)
            .values("actor_id", "actor__username")
            .annotate(actions=Count("pk"), calls=Count("pk", filter=Q(kind="call")),
                      promises=Count("pk", filter=Q(kind="promise"))))
    loans: dict[int, list[int]] = {}
    for collector, loan in CollectionCase.objects.filter(collector__isnull=False).values_list("collector_id", "loan_id"):
        loans.setdefault(collector, []).append(loan)
    rows = []
    for a in acts:
        paid = LoanTransaction.objects.filter(loan_id__in=loans.get(a["actor_id"], []), business_date__range=(start, end),
                                              kind__in=("repayment", "prepayment", "payoff", "recovery")
                                              ).aggregate(s=Sum("amount"))["s"] or Decimal("0")
        rows.append({"collector": a["actor__username"], "actions": a["actions"], "calls": a["calls"],
                     "promises": a["promises"], "collected": str(Decimal(paid).quantize(Decimal("0.01")))})
    return sorted(rows, key=lambda r: r["collector"])
