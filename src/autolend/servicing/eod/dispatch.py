"""Running one business date's units as Celery tasks and reporting progress.

Each partition's steps form a chain (accrual → provision): a step starts as soon as the same
partition's previous step is done, and partitions run side by side on as many workers as exist.
Eager (no broker): the chains run one after the other in this process, and progress is reported
chunk by chunk. With workers: the results are polled and progress is reported per finished unit.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from celery import chain, group

from autolend.servicing.eod.plan import Plan
from autolend.servicing.eod.units import STEP_ORDER, UnitResult, chunk_progress

POLL_SECONDS = 0.25


@dataclass(frozen=True)
class StepProgress:
    step: str
    done: int  # loans
    total: int  # loans in the step's scope
    partitions_done: int


@dataclass(frozen=True)
class EodProgress:
    """A snapshot of one business date's run: every step's loans done / total."""

    business_date: date
    partitions: int
    steps: tuple[StepProgress, ...]

    @property
    def finished(self) -> bool:
        return all(s.partitions_done == self.partitions for s in self.steps)


Progress = Callable[[EodProgress], None]


class Tracker:
    """Loans done per step: whole units as they return, plus the running unit's chunks (eager)."""

    def __init__(self, day: date, plan: Plan, totals: dict[str, int], progress: Progress | None) -> None:
        self.day, self.plan, self.totals, self.progress = day, plan, totals, progress
        self.done = dict.fromkeys(STEP_ORDER, 0)
        self.live = dict.fromkeys(STEP_ORDER, 0)
        self.units = dict.fromkeys(STEP_ORDER, 0)
        self.results: list[UnitResult] = []

    def chunk(self, step: str, loans: int) -> None:
        self.live[step] += loans
        self.emit()

    def unit(self, step: str, result: UnitResult) -> None:
        self.done[step] += result.loans
        self.live[step] = 0
        self.units[step] += 1
        self.results.append(result)
        self.emit()

    def emit(self) -> None:
        if self.progress is None:
            return
        steps = tuple(
            StepProgress(s, min(self.done[s] + self.live[s], self.totals[s]), self.totals[s], self.units[s])
            for s in STEP_ORDER
        )
        self.progress(EodProgress(self.day, self.plan.partitions, steps))


def units_run(day: date, plan: Plan, tracker: Tracker) -> None:
    """Run every (partition, step) unit of ``day``; raises the first unit's error."""
    from autolend.config.celery import app
    from autolend.servicing.tasks import eod_unit

    def signature(partition: int, step: str) -> Any:
        return eod_unit.si(day.isoformat(), partition, step, plan.partitions, plan.chunk)

    tracker.emit()
    if app.conf.task_always_eager:
        for partition in range(1, plan.partitions + 1):
            for step in STEP_ORDER:
                token = chunk_progress.set(lambda loans, step=step: tracker.chunk(step, loans))
                try:
                    value = signature(partition, step).apply_async().get()
                finally:
                    chunk_progress.reset(token)
                tracker.unit(step, UnitResult.from_json(value))
        return
    chains = group(chain(*(signature(p, s) for s in STEP_ORDER)) for p in range(1, plan.partitions + 1))
    pending: dict[tuple[int, str], Any] = {}
    for p, last in enumerate(chains.apply_async().results, start=1):
        node = last
        for step in reversed(STEP_ORDER):  # a chain's result is its last task; .parent walks back
            pending[(p, step)] = node
            node = node.parent
    while pending:
        for key, result in list(pending.items()):
            if result.ready():
                del pending[key]
                tracker.unit(key[1], UnitResult.from_json(result.get(disable_sync_subtasks=False)))
        if pending:
            time.sleep(POLL_SECONDS)


def print_progress(event: EodProgress) -> None:
    """One progress line on stderr (rewritten in place on a terminal): loans done / total per step."""
    parts = [
        f"{s.step} {s.done:,}/{s.total:,} ({s.partitions_done}/{event.partitions})" for s in event.steps
    ]
    line = f"eod {event.business_date}  " + "  ".join(parts)
    if sys.stderr.isatty():
        sys.stderr.write("\r" + line + ("\n" if event.finished else ""))
    elif event.finished or not any(s.done for s in event.steps) or _unit_boundary(event):
        sys.stderr.write(line + "\n")
    sys.stderr.flush()


_last_units: dict[date, int] = {}


def _unit_boundary(event: EodProgress) -> bool:
    """Off a terminal, print only when a unit finished (not every chunk)."""
    units = sum(s.partitions_done for s in event.steps)
    changed = _last_units.get(event.business_date) != units
    _last_units[event.business_date] = units
    return changed
