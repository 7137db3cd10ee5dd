"""What one EOD unit (business date × partition × step) carries through its chunks."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from autolend.servicing.eod.journal import EntryWriter, RoleAccounts
from autolend.servicing.eod.policy import EodPolicy
from autolend.servicing.eod.sql import Dialect, day_number


@dataclass
class UnitContext:
    business_date: date
    partition: int
    step: str
    policy: EodPolicy
    dialect: Dialect
    entry: EntryWriter
    accounts: RoleAccounts = field(default_factory=RoleAccounts)
    totals: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # fen or counts

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
