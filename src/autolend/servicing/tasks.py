"""Celery tasks of servicing. An EOD unit (business date × partition × step) is one task; it is
idempotent, so a redelivered task (``acks_late``: its worker died) simply finds the unit done."""

from __future__ import annotations

from datetime import date
from typing import Any

from celery import shared_task

EOD_UNIT = "autolend.servicing.eod_unit"


@shared_task(name=EOD_UNIT, acks_late=True, reject_on_worker_lost=True)
def eod_unit(business_date: str, partition: int, step: str, partitions: int, chunk: int) -> dict[str, Any]:
    """Run EOD step ``step`` for ``partition`` (1 … ``partitions``) of ``business_date`` (ISO date)
    under the date's plan (``partitions`` × ``chunk`` loan ids); returns ``UnitResult.as_json()``."""
    from autolend.servicing.eod.plan import Plan
    from autolend.servicing.eod.units import unit_run

    result = unit_run(date.fromisoformat(business_date), partition, step, Plan(partitions, chunk))
    return result.as_json()
