"""End of day (日终) for one business date or a range of them, day by day, partition by partition.

For each date D in order: record (or reuse) the date's plan, then run one Celery task per
partition (units.py: the day's steps in order, in one transaction; dispatch.py), wait for all of
them, then close D: check every unit is done, set the business date to D + 1, record (D, 0,
"close") and an audit event, in one transaction. A date already closed is skipped, so repeating a run changes nothing; a crashed
run is repeated as it was and skips the units it finished.

Between the units and the close come the day steps other apps register (day_steps.py:
applications expiry, collateral's daily checks, collections and reminders), each recorded as
(D, 0, step) and skipped when a repeated run finds it done; the close refuses while one is missing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from autolend.audit.services import audit_record
from autolend.servicing.eod.context import STEPS
from autolend.servicing.eod.day_steps import day_steps_missing, day_steps_run
from autolend.servicing.eod.dispatch import Progress, Tracker, units_run
from autolend.servicing.eod.plan import PLAN_PARTITION, Plan, plan_for
from autolend.servicing.eod.policy import eod_policy
from autolend.servicing.eod.sql import yuan_texts
from autolend.servicing.eod.units import EodError
from autolend.servicing.models import BusinessDay, EodRun, Loan, LoanStatus

CLOSE = "close"
AMOUNTS = frozenset({
    "interest_receivable", "fee_receivable", "penalty_receivable",
    "provision_guideline", "provision_ecl", "provision_posted", "provision_change",
})


@dataclass
class DayResult:
    business_date: date
    skipped: bool = False  # closed before this run
    loans: int = 0
    totals: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    steps: dict[str, dict[str, Any]] = field(default_factory=dict)  # day step → its summary

    def as_json(self) -> dict[str, Any]:
        totals = {k: yuan_texts([v])[0] if k in AMOUNTS else v for k, v in sorted(self.totals.items())}
        return {"business_date": self.business_date.isoformat(), "skipped": self.skipped, "loans": self.loans,
                "totals": totals, "steps": self.steps}


def eod_run(
    date_from: date,
    date_to: date | None = None,
    *,
    partitions: int | None = None,
    chunk: int | None = None,
    progress: Progress | None = None,
) -> list[DayResult]:
    """Run EOD for every business date from ``date_from`` to ``date_to`` (inclusive; default the
    same day). ``partitions`` / ``chunk`` (loan ids per chunk) default to the settings; a date
    that was started before keeps its recorded plan. Raises ``EodError`` when a date is not the
    business date (EOD never skips a day) or ``date_to`` is before ``date_from``."""
    last = date_to or date_from
    if last < date_from:
        raise EodError(f"the last date {last} is before the first {date_from}")
    policy = eod_policy()
    results: list[DayResult] = []
    day = date_from
    while day <= last:
        if _closed(day):
            results.append(DayResult(day, skipped=True))
        else:
            _check_business_date(day)
            plan = plan_for(day, partitions or policy.partitions, chunk or policy.chunk)
            result = DayResult(day)
            _run_units(day, plan, result, progress)
            result.steps = day_steps_run(day, progress)
            _close(day, plan, result)
            results.append(result)
        day += timedelta(days=1)
    return results


def _run_units(day: date, plan: Plan, result: DayResult, progress: Progress | None) -> None:
    tracker = Tracker(day, plan, _loans_in_scope(), progress)
    units_run(day, plan, tracker)
    for unit in tracker.results:
        result.loans += unit.loans
        for name, value in unit.totals.items():
            result.totals[name] += value


def _loans_in_scope() -> int:
    """Loans EOD looks at: the active ones and any other still holding a provision."""
    return Loan.objects.filter(Q(status=LoanStatus.ACTIVE) | ~Q(provision=0)).count()


def _closed(day: date) -> bool:
    return EodRun.objects.filter(business_date=day, partition=PLAN_PARTITION, step=CLOSE).exists()


def _check_business_date(day: date) -> None:
    current = BusinessDay.objects.filter(id=1).values_list("business_date", flat=True).first()
    if current is not None and current != day:
        raise EodError(f"the business date is {current}: EOD runs for {current} next, not {day}")


def _close(day: date, plan: Plan, result: DayResult) -> None:
    """Move the business date to the next day once every unit of ``day`` is done (one transaction)."""
    done = set(EodRun.objects.filter(business_date=day).values_list("partition", "step"))
    missing = [(p, s) for p in range(1, plan.partitions + 1) for s in STEPS if (p, s) not in done]
    if missing:
        raise EodError(f"EOD {day} cannot close: partition {missing[0][0]} step {missing[0][1]} is not done")
    steps_missing = day_steps_missing(day, done)
    if steps_missing:
        raise EodError(f"EOD {day} cannot close: day step {steps_missing[0]} is not done")
    try:
        with transaction.atomic():
            # Lock the business date row: one runner closes the day, a second one finds it closed.
            business_day, _ = BusinessDay.objects.select_for_update().get_or_create(id=1, defaults={"business_date": day})
            business_day.business_date = day + timedelta(days=1)
            business_day.save(update_fields=["business_date"])
            EodRun.objects.create(
                business_date=day, partition=PLAN_PARTITION, step=CLOSE, status="done", loans=result.loans,
                started_at=timezone.now(), finished_at=timezone.now(),
            )
            audit_record(
                "eod.close", "business_day", day.isoformat(), before={"business_date": day.isoformat()},
                after={"business_date": business_day.business_date.isoformat(), **result.as_json()}, business_date=day,
            )
    except IntegrityError:
        if not _closed(day):
            raise
