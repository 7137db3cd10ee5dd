"""Celery tasks of servicing. An EOD unit (business date × partition, all of the day's steps) is
one task; it is idempotent, so a redelivered task (``acks_late``: its worker died) finds it done."""

from __future__ import annotations

from datetime import date
from typing import Any

from celery import shared_task

EOD_UNIT = "autolend.servicing.eod_unit"


@shared_task(name=EOD_UNIT, acks_late=True, reject_on_worker_lost=True)
def eod_unit(business_date: str, partition: int, partitions: int, chunk: int) -> dict[str, Any]:
    """Run EOD for ``partition`` (1 … ``partitions``) of ``business_date`` (ISO date) under the
    date's plan (``partitions`` × ``chunk`` loan ids a chunk); returns ``UnitResult.as_json()``."""
    from autolend.servicing.eod.plan import Plan
    from autolend.servicing.eod.units import unit_run

    return unit_run(date.fromisoformat(business_date), partition, Plan(partitions, chunk)).as_json()
