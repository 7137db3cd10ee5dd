"""Assignment of cases in human queues to collectors (round-robin or least-loaded, a setting)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db.models import Count, Q

from autolend.collections.models import CaseStatus, CollectionCase
from autolend.collections.strategy import HUMAN_QUEUES, assign_least_loaded, assign_round_robin


def collectors() -> list[int]:
    """Active users with the collector role, by id."""
    from autolend.identity.models import Role, User

    return list(User.objects.filter(role=Role.COLLECTOR, is_active=True).order_by("pk").values_list("pk", flat=True))


def cases_assign(business_date: date, method: str | None = None) -> int:
    """Give every unassigned open case in a human queue a collector; returns how many.

    ``method``: "least_loaded" (default, ``AUTOLEND_COLLECTIONS_ASSIGNMENT``) or "round_robin"
    (continues after the last case assigned). Only the new assignments are written (batched)."""
    who = collectors()
    waiting = list(CollectionCase.objects.filter(status=CaseStatus.OPEN, collector__isnull=True,
                                                 queue__in=HUMAN_QUEUES).values_list("pk", flat=True))
    if not who or not waiting:
        return 0
    method = method or getattr(settings, "AUTOLEND_COLLECTIONS_ASSIGNMENT", "least_loaded")
    if method == "round_robin":
        assigned_before = CollectionCase.objects.filter(collector__isnull=False).count()
        plan = assign_round_robin(waiting, who, start=assigned_before)
    else:
        counts = dict(CollectionCase.objects.filter(status=CaseStatus.OPEN, collector__in=who)
                      .values_list("collector").annotate(n=Count("pk", filter=Q(status=CaseStatus.OPEN))))
        plan = assign_least_loaded(waiting, {c: counts.get(c, 0) for c in who})
    rows = [CollectionCase(pk=case, collector_id=collector) for case, collector in plan.items()]
    CollectionCase.objects.bulk_update(rows, ["collector"], batch_size=2000)
    return len(rows)
