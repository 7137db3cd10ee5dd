"""Running one business date's units (one per partition) as Celery tasks, and reporting progress.

Eager (no broker): the units run one after the other in this process and progress is reported
chunk by chunk. With workers: one task per partition is sent at once, they run side by side on as
many worker processes as exist, and progress is reported as each unit returns.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from autolend.servicing.eod.context import STEPS
from autolend.servicing.eod.day_steps import StepProgress
from autolend.servicing.eod.plan import Plan
from autolend.servicing.eod.units import UnitResult, chunk_progress

POLL_SECONDS = 0.25


@dataclass(frozen=True)
class EodProgress:
    """Where one business date's run is: ``done`` of ``total`` loans through every step."""

    business_date: date
    done: int
    total: int
    partitions_done: int
    partitions: int

    @property
    def finished(self) -> bool:
        return self.partitions_done == self.partitions


Progress = Callable[[EodProgress | StepProgress], None]


class Tracker:
    """Loans done: whole units as they return, plus the running unit's chunks (eager)."""

    def __init__(self, day: date, plan: Plan, total: int, progress: Progress | None) -> None:
        self.day, self.plan, self.total, self.progress = day, plan, total, progress
        self.done = self.live = self.units = 0
        self.results: list[UnitResult] = []

    def chunk(self, loans: int) -> None:
        self.live += loans
        self.emit()

    def unit(self, result: UnitResult) -> None:
        self.done, self.live, self.units = self.done + result.loans, 0, self.units + 1
        self.results.append(result)
        self.emit()

    def emit(self) -> None:
        if self.progress is not None:
            done = min(self.done + self.live, self.total)
            self.progress(EodProgress(self.day, done, self.total, self.units, self.plan.partitions))


def units_run(day: date, plan: Plan, tracker: Tracker) -> None:
    """Run every partition's unit of ``day``; raises the first failed unit's error."""
    from autolend.config.celery import app
    from autolend.servicing.tasks import eod_unit

    def send(partition: int) -> Any:
        return eod_unit.si(day.isoformat(), partition, plan.partitions, plan.chunk).apply_async()

    tracker.emit()
    if app.conf.task_always_eager:
        token = chunk_progress.set(tracker.chunk)
        try:
            for partition in range(1, plan.partitions + 1):
                tracker.unit(UnitResult.from_json(send(partition).get(disable_sync_subtasks=False)))
        finally:
            chunk_progress.reset(token)
        return
    running = [send(partition) for partition in range(1, plan.partitions + 1)]
    while running:
        for result in [r for r in running if r.ready()]:
            running.remove(result)
            tracker.unit(UnitResult.from_json(result.get(disable_sync_subtasks=False)))
        if running:
            time.sleep(POLL_SECONDS)


def print_progress(event: EodProgress | StepProgress) -> None:
    """A progress line on stderr: loans done / total and partitions done (in place on a terminal;
    elsewhere one line per finished partition), then one line per day step."""
    if isinstance(event, StepProgress):
        state = "done earlier, skipped" if event.skipped else f"done in {event.seconds:.2f} s"
        sys.stderr.write(f"eod {event.business_date} {event.step}: {state}\n")
        sys.stderr.flush()
        return
    line = (
        f"eod {event.business_date} {'+'.join(STEPS)}: {event.done:,}/{event.total:,} loans, "
        f"{event.partitions_done}/{event.partitions} partitions"
    )
    if sys.stderr.isatty():
        sys.stderr.write("\r" + line + ("\n" if event.finished else ""))
    elif event.partitions_done != _last.get(event.business_date):
        _last[event.business_date] = event.partitions_done
        sys.stderr.write(line + "\n")
    sys.stderr.flush()


_last: dict[date, int] = {}
