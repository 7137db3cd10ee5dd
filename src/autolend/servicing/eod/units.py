"""One EOD unit = (business date, partition): one transaction running the day's steps in order.

Chunk by chunk, the steps (context.STEPS: accrual, then provision) run over the partition's loans;
each step posts one journal entry and records its EodRun row (date, partition, step). The postings,
the dues and loan updates and the EodRun rows commit together, so after a crash a unit is either
wholly done (and skipped when the run is repeated) or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from autolend.servicing.eod.chunk import chunk_run
from autolend.servicing.eod.context import STEPS, UnitContext
from autolend.servicing.eod.plan import Plan
from autolend.servicing.eod.policy import eod_policy
from autolend.servicing.models import EodRun

# Set by the runner when units run in its own process (eager): called with the loans of each chunk.
chunk_progress: ContextVar[Callable[[int], None] | None] = ContextVar("eod_chunk_progress", default=None)


class EodError(RuntimeError):
    """EOD cannot run as asked (a date not yet reached, a bad range…); ``message`` says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class UnitResult:
    """What a unit did: loans, whether it had been done before, its entries, totals (fen or counts)."""

    loans: int
    skipped: bool = False
    entries: dict[str, int] = field(default_factory=dict)  # step → journal entry id
    totals: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"loans": self.loans, "skipped": self.skipped, "entries": dict(self.entries), "totals": dict(self.totals)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> UnitResult:
        return cls(int(data["loans"]), bool(data["skipped"]), dict(data.get("entries", {})), dict(data.get("totals", {})))


def unit_written(business_date: date, partition: int) -> None:
    """Called inside the unit's transaction once everything is written, before EodRun is recorded.

    Does nothing; tests replace it to crash a run midway.
    """


def unit_run(business_date: date, partition: int, plan: Plan) -> UnitResult:
    """Run one unit unless it is done; safe to call again (and concurrently) for the same unit."""
    done = _done(business_date, partition)
    if done is not None:
        return UnitResult(done.loans, skipped=True)
    started = timezone.now()
    try:
        with transaction.atomic():
            ctx = UnitContext.open(business_date, partition, eod_policy())
            loans = 0
            report = chunk_progress.get()
            for lo, hi in plan.blocks(partition, _max_loan_id()):
                count = chunk_run(ctx, lo, hi)
                loans += count
                if report is not None and count:
                    report(count)
            entries = {step: entry_id for step in STEPS if (entry_id := ctx.entries[step].finish()) is not None}
            unit_written(business_date, partition)
            finished = timezone.now()
            EodRun.objects.bulk_create(
                EodRun(business_date=business_date, partition=partition, step=step, status="done", loans=loans,
                       started_at=started, finished_at=finished)
                for step in STEPS
            )
    except IntegrityError:
        # Another worker finished the same unit first (EodRun and the entries' keys are unique).
        done = _done(business_date, partition)
        if done is None:
            raise
        return UnitResult(done.loans, skipped=True)
    return UnitResult(loans, entries=entries, totals=dict(ctx.totals))


def _done(business_date: date, partition: int) -> EodRun | None:
    return EodRun.objects.filter(business_date=business_date, partition=partition, step=STEPS[-1]).first()


def _max_loan_id() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM servicing_loan")
        row = cursor.fetchone()
    return int(row[0] or 0)
