"""What one EOD unit (business date × partition) carries through its chunks."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from autolend.servicing.eod.journal import EntryWriter, RoleAccounts
from autolend.servicing.eod.policy import EodPolicy
from autolend.servicing.eod.sql import Dialect, day_number

STEPS = ("accrual", "provision")
"""The steps of a day, in order; each posts its own journal entry and records its own EodRun row."""

DESCRIPTIONS = {
    "accrual": "interest accrual, fees due and penalty interest",
    "provision": "loan-loss provision (five-tier class, IFRS 9 stage)",
}


@dataclass
class UnitContext:
    business_date: date
    partition: int
    policy: EodPolicy
    dialect: Dialect
    entries: dict[str, EntryWriter]  # one per step
    accounts: RoleAccounts = field(default_factory=RoleAccounts)
    totals: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # fen or counts

    @classmethod
    def open(cls, business_date: date, partition: int, policy: EodPolicy) -> UnitContext:
        dialect = Dialect()
        entries = {
            step: EntryWriter(
                dialect, business_date, f"eod_{step}", f"eod:{business_date.isoformat()}:{step}:p{partition}",
                f"EOD {business_date} partition {partition}: {DESCRIPTIONS[step]}",
            )
            for step in STEPS
        }
        return cls(business_date, partition, policy, dialect, entries)

    @property
    def day_number(self) -> int:
        """The business date as days since 1970-01-01 (the integer dates of the hot path)."""
        return day_number(self.business_date)

    @property
    def bucket_names(self) -> tuple[str, ...]:
        return tuple(bucket.name for bucket in self.policy.buckets)

    def add(self, name: str, amount: int) -> None:
        """Add to a named total of the unit (fen for amounts), reported in its result."""
        self.totals[name] += amount
