"""Collection strategies are data: the seeded version 2026-01 is today's default table; a new
version is proposed by one manager and activated by another (never the proposer), in force from
its effective date; EOD run with the strategy in force routes cases by it."""

from __future__ import annotations

from datetime import date

import pytest

from autolend.audit.models import AuditEvent
from autolend.collections.models import CollectionCase, StrategyStatus
from autolend.collections.selectors import strategy_in_force
from autolend.collections.services import strategy_approve, strategy_propose, strategy_reject
from autolend.collections.services._common import CollectionsError
from autolend.collections.strategy import DEFAULT_SLA_DAYS, STRATEGY, queue_sql
from autolend.collections.testing import loan_at, person

pytestmark = pytest.mark.django_db
TODAY = date(2024, 6, 1)
FROM = date(2024, 7, 1)


def proposal(**changes: object) -> dict[str, object]:
    table = dict(STRATEGY.table)
    table[("M2", "low")] = "field_visit"
    values: dict[str, object] = {"version": "2024-07", "effective_from": FROM, "table": table,
                                 "sla_days": {**DEFAULT_SLA_DAYS, "field_visit": 4}, "writeoff_after_dpd": 150}
    values.update(changes)
    return values


def test_seeded_version_is_the_default_table() -> None:
    seeded = strategy_in_force(TODAY)
    assert seeded == STRATEGY and seeded.version == "2026-01"
    assert queue_sql("bucket", "band", seeded) == queue_sql("bucket", "band")
    assert seeded.table[("M4", "low")] == "repossession" and seeded.sla_days["phone"] == 2


def test_maker_checker_and_effective_date() -> None:
    maker, checker = person("maker", "risk_manager"), person("checker", "risk_manager")
    with pytest.raises(CollectionsError, match="collections.manage"):
        strategy_propose(person("c1", "collector"), TODAY, **proposal())  # type: ignore[arg-type]
    with pytest.raises(CollectionsError, match="unknown queue"):
        strategy_propose(maker, TODAY, **proposal(table={**STRATEGY.table, ("M3", "high"): "prison"}))  # type: ignore[arg-type]
    version = strategy_propose(maker, TODAY, **proposal())  # type: ignore[arg-type]
    assert strategy_in_force(FROM).version == "2026-01"  # proposed, not yet in force
    with pytest.raises(CollectionsError, match="maker"):
        strategy_approve(version, maker, TODAY)
    strategy_approve(version, checker, TODAY)
    assert strategy_in_force(date(2024, 6, 30)).version == "2026-01"
    in_force = strategy_in_force(FROM)
    assert (in_force.version, in_force.table[("M2", "low")], in_force.sla_days["field_visit"],
            in_force.writeoff_after_dpd) == ("2024-07", "field_visit", 4, 150)
    with pytest.raises(CollectionsError, match="already decided"):
        strategy_reject(version, checker, TODAY, "late")
    actions = list(AuditEvent.objects.filter(object_id="2024-07").values_list("action", flat=True).order_by("seq"))
    assert actions == ["collections.strategy_propose", "collections.strategy_approve"]
    late = strategy_propose(maker, TODAY, **proposal(version="2024-08", effective_from=date(2024, 6, 5)))  # type: ignore[arg-type]
    with pytest.raises(CollectionsError, match="has passed"):
        strategy_approve(late, checker, date(2024, 6, 6))
    assert strategy_reject(late, checker, date(2024, 6, 6), "too late").status == StrategyStatus.REJECTED


def test_eod_routes_cases_by_the_version_in_force() -> None:
    from autolend.collections.eod import collections_eod

    maker, checker = person("maker", "risk_manager"), person("checker", "risk_manager")
    strategy_approve(strategy_propose(maker, TODAY, **proposal(effective_from=TODAY)), checker, TODAY)  # type: ignore[arg-type]
    loan_at("S1", 45)  # M2; a new case scores in the high band: phone in both tables
    collections_eod(TODAY, reminders=False, strategy=strategy_in_force(TODAY))
    case = CollectionCase.objects.get(loan__number="S1")
    assert (case.strategy_version, case.bucket) == ("2024-07", "M2")
    table = strategy_in_force(TODAY).table
    assert case.queue == table[(case.bucket, case.band)]
