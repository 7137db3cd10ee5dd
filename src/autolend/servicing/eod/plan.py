"""How a business date's loans are split into partitions and chunks, fixed once per date.

Loan ids are cut into blocks of ``chunk`` consecutive ids (block b holds ids b·chunk + 1 …
(b + 1)·chunk); partition p (1 … P) takes the blocks b with b mod P = p − 1, so every partition is
a set of id ranges spread over the whole book (even load) and each chunk is one index range scan.
The layout depends only on (P, chunk), never on the data, and the first run of a date records it
as the EodRun row (date, partition 0, "plan PxC"): a run that resumes the date uses the recorded
plan whatever it was asked for, so a finished (date, partition, step) always means the same loans.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from autolend.servicing.models import EodRun

_LABEL = re.compile(r"^plan (\d+)x(\d+)$")
PLAN_PARTITION = 0  # partition number of the date-level rows: the plan and the close


@dataclass(frozen=True)
class Plan:
    partitions: int
    chunk: int

    @property
    def label(self) -> str:
        return f"plan {self.partitions}x{self.chunk}"

    def blocks(self, partition: int, max_id: int) -> Iterator[tuple[int, int]]:
        """The (first id, last id) ranges of ``partition`` (1 … P) up to ``max_id``, in id order."""
        if not 1 <= partition <= self.partitions:
            raise ValueError(f"partition must be between 1 and {self.partitions}")
        for block in range(partition - 1, max_id // self.chunk + 1, self.partitions):
            yield block * self.chunk + 1, (block + 1) * self.chunk

    @classmethod
    def parse(cls, label: str) -> Plan:
        match = _LABEL.match(label)
        if match is None:
            raise ValueError(f"not an EOD plan: {label!r}")
        return cls(int(match[1]), int(match[2]))


def plan_for(business_date: date, partitions: int, chunk: int) -> Plan:
    """The recorded plan of ``business_date``, or record (``partitions``, ``chunk``) as its plan."""
    existing = _recorded(business_date)
    if existing is not None:
        return existing
    plan = Plan(partitions, chunk)
    try:
        with transaction.atomic():
            EodRun.objects.create(
                business_date=business_date, partition=PLAN_PARTITION, step=plan.label, status="planned",
                started_at=timezone.now(), finished_at=timezone.now(),
            )
    except IntegrityError:  # another runner recorded one first: theirs wins
        recorded = _recorded(business_date)
        if recorded is None:
            raise
        return recorded
    return plan


def _recorded(business_date: date) -> Plan | None:
    row = EodRun.objects.filter(business_date=business_date, partition=PLAN_PARTITION, step__startswith="plan ").first()
    return None if row is None else Plan.parse(row.step)
