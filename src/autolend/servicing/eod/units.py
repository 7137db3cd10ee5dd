"""One EOD unit = (business date, partition, step): one transaction, one journal entry, one EodRun.

The unit's postings, its dues and loan updates and its EodRun row commit together, so after a
crash a unit is either wholly done (and skipped when the run is repeated) or not at all. Within a
partition a step runs only after the previous step of the same date is done.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from autolend.servicing.eod.accrual import accrual_chunk
from autolend.servicing.eod.context import UnitContext
from autolend.servicing.eod.journal import EntryWriter
from autolend.servicing.eod.plan import Plan
from autolend.servicing.eod.policy import eod_policy
from autolend.servicing.eod.provision import provision_chunk
from autolend.servicing.eod.sql import Dialect
from autolend.servicing.models import EodRun

ChunkStep = Callable[[UnitContext, int, int], int]
STEPS: dict[str, ChunkStep] = {"accrual": accrual_chunk, "provision": provision_chunk}
STEP_ORDER = tuple(STEPS)
DESCRIPTIONS = {
    "accrual": "interest accrual, fees due and penalty interest",
    "provision": "loan-loss provision (five-tier class, IFRS 9 stage)",
}

# Set by the runner when tasks run in its own process (eager): called with the loans of each chunk.
chunk_progress: ContextVar[Callable[[int], None] | None] = ContextVar("eod_chunk_progress", default=None)


class EodError(RuntimeError):
    """EOD cannot run as asked (steps out of order, a date not yet reached…); ``message`` says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class UnitResult:
    """What a unit did: loans looked at, whether it had been done before, totals (fen or counts)."""

    loans: int
    skipped: bool = False
    entry_id: int | None = None
    totals: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"loans": self.loans, "skipped": self.skipped, "entry_id": self.entry_id, "totals": dict(self.totals)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> UnitResult:
        return cls(int(data["loans"]), bool(data["skipped"]), data.get("entry_id"), dict(data.get("totals", {})))


def unit_written(business_date: date, partition: int, step: str) -> None:
    """Called inside the unit's transaction once everything is written, before EodRun is recorded.

    Does nothing; tests replace it to crash a run midway.
    """


def unit_run(business_date: date, partition: int, step: str, plan: Plan) -> UnitResult:
    """Run one unit unless it is done; safe to call again (and concurrently) for the same unit."""
    if step not in STEPS:
        raise EodError(f"unknown EOD step {step!r}; steps are {', '.join(STEP_ORDER)}")
    done = _done(business_date, partition, step)
    if done is not None:
        return UnitResult(done.loans, skipped=True)
    previous = STEP_ORDER.index(step) - 1
    if previous >= 0 and _done(business_date, partition, STEP_ORDER[previous]) is None:
        raise EodError(f"EOD {business_date} partition {partition}: step {STEP_ORDER[previous]} must finish before {step}")
    started = timezone.now()
    try:
        with transaction.atomic():
            ctx = _context(business_date, partition, step)
            loans = 0
            report = chunk_progress.get()  # set by the runner when this runs in its process
            for lo, hi in plan.blocks(partition, _max_loan_id()):
                count = STEPS[step](ctx, lo, hi)
                loans += count
                if report is not None and count:
                    report(count)
            entry_id = ctx.entry.finish()
            unit_written(business_date, partition, step)
            EodRun.objects.create(
                business_date=business_date, partition=partition, step=step, status="done", loans=loans,
                started_at=started, finished_at=timezone.now(),
            )
    except IntegrityError:
        # Another worker finished the same unit first (EodRun or the entry's key is unique).
        done = _done(business_date, partition, step)
        if done is None:
            raise
        return UnitResult(done.loans, skipped=True)
    return UnitResult(loans, entry_id=entry_id, totals=dict(ctx.totals))


def _context(business_date: date, partition: int, step: str) -> UnitContext:
    dialect = Dialect()
    key = f"eod:{business_date.isoformat()}:{step}:p{partition}"
    entry = EntryWriter(
        dialect, business_date, f"eod_{step}", key, f"EOD {business_date} partition {partition}: {DESCRIPTIONS[step]}"
    )
    return UnitContext(business_date, partition, step, eod_policy(), dialect, entry)


def _done(business_date: date, partition: int, step: str) -> EodRun | None:
    return EodRun.objects.filter(business_date=business_date, partition=partition, step=step).first()


def _max_loan_id() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM servicing_loan")
        row = cursor.fetchone()
    return int(row[0] or 0)
