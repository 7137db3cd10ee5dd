"""The business date's steps of other apps, run by EOD after the partition units, before the close.

Servicing does not know them: ``settings.AUTOLEND_EOD_DAY_STEPS`` lists them in order as
``(name, "dotted.path.to.callable")`` pairs (by default: origination's ``applications_expire``,
collateral's ``collateral_daily``, collections' cases then reminders). Each callable takes the
business date and returns its summary (a dict, an object with ``as_json()``, a list or a count).

A step is one transaction together with its EodRun row ``(D, 0, name)``: a run that crashed
inside a step repeats it whole, a run that crashed after it skips it; a date does not close
while a registered step has no row (``day_steps_missing``). Every step must be set-based (a few
statements over the whole book, no per-loan round trips) and idempotent by itself too, since it
can also be run outside EOD (``autolend collateral daily``, ``autolend collections eod``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from time import perf_counter
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from autolend.servicing.eod.plan import PLAN_PARTITION
from autolend.servicing.models import EodRun

STEP_NAME_MAX = 20  # EodRun.step
RESERVED = ("close", "plan ")


@dataclass(frozen=True)
class DayStep:
    name: str
    path: str

    def load(self) -> Callable[[date], Any]:
        return _load(self.path)


@dataclass(frozen=True)
class StepProgress:
    """A day step of ``business_date`` finished (``skipped``: it had finished in an earlier run)."""

    business_date: date
    step: str
    skipped: bool
    seconds: float
    summary: dict[str, Any]


@cache
def _load(path: str) -> Callable[[date], Any]:
    return import_string(path)  # type: ignore[no-any-return]


def day_steps() -> tuple[DayStep, ...]:
    """The registered steps in order; a bad setting raises ImproperlyConfigured."""
    raw = getattr(settings, "AUTOLEND_EOD_DAY_STEPS", ())
    steps: list[DayStep] = []
    for entry in raw:
        if not (isinstance(entry, (tuple, list)) and len(entry) == 2 and all(isinstance(x, str) for x in entry)):
            raise ImproperlyConfigured(f"AUTOLEND_EOD_DAY_STEPS: not a (name, dotted path) pair: {entry!r}")
        name, path = entry
        if not name or len(name) > STEP_NAME_MAX or name.startswith(RESERVED) or "." not in path:
            raise ImproperlyConfigured(f"AUTOLEND_EOD_DAY_STEPS: bad step {name!r} -> {path!r}")
        if any(s.name == name for s in steps):
            raise ImproperlyConfigured(f"AUTOLEND_EOD_DAY_STEPS: step {name!r} twice")
        steps.append(DayStep(name, path))
    return tuple(steps)


def day_steps_missing(day: date, done: set[tuple[int, str]]) -> list[str]:
    """The registered steps of ``day`` without their EodRun row in ``done`` ((partition, step) pairs)."""
    return [s.name for s in day_steps() if (PLAN_PARTITION, s.name) not in done]


def day_steps_run(day: date, progress: Callable[[StepProgress], None] | None = None) -> dict[str, dict[str, Any]]:
    """Run every registered step of ``day`` not done yet, in order; returns each step's summary
    (``{"skipped": true}`` for one finished by an earlier run). The first failure propagates and
    leaves that step (and the ones after it) to the next run."""
    done = set(EodRun.objects.filter(business_date=day, partition=PLAN_PARTITION).values_list("step", flat=True))
    summaries: dict[str, dict[str, Any]] = {}
    for step in day_steps():
        started, clock = timezone.now(), perf_counter()
        summary: dict[str, Any] = {"skipped": True}
        if step.name not in done:
            try:
                with transaction.atomic():
                    # Claim the step first: a second runner racing over the same date waits on this
                    # row, then finds it taken and skips the step (no work done twice).
                    run = EodRun.objects.create(
                        business_date=day, partition=PLAN_PARTITION, step=step.name, status="done",
                        loans=0, started_at=started, finished_at=started,
                    )
                    summary = summary_of(step.load()(day))
                    run.finished_at = timezone.now()
                    run.save(update_fields=["finished_at"])
            except IntegrityError:
                if not EodRun.objects.filter(business_date=day, partition=PLAN_PARTITION, step=step.name).exists():
                    raise  # not a lost race: the step itself failed
                done.add(step.name)  # another runner did it
        summaries[step.name] = summary
        if progress is not None:
            progress(StepProgress(day, step.name, step.name in done, round(perf_counter() - clock, 3), summary))
    return summaries


def summary_of(value: Any) -> dict[str, Any]:
    """A step's return value as a JSON-safe dict (dates and decimals as text)."""
    if hasattr(value, "as_json"):
        value = value.as_json()
    if isinstance(value, (list, tuple)):
        value = {"count": len(value), "items": list(value)[:50]}
    elif not isinstance(value, dict):
        value = {"result": value}
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))  # type: ignore[no-any-return]
