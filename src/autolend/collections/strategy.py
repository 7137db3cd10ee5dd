"""Collection strategies as data (催收策略): bucket × behaviour-score band → queue, with SLAs.

The strategy is a value (``Strategy``), built from the version in force on a date
(``selectors.strategy_in_force``: rows of ``models.CollectionStrategy`` / ``StrategyCell``, seeded
with ``DEFAULT_ROWS`` by a data migration, new versions by maker-checker); ``STRATEGY`` is that
default table, used when no version is in force. Its version is stored on every case.
``queue_for`` is the pure lookup; ``queue_sql`` renders the same table as a SQL CASE for the
set-based end of day. Queues in escalation order: auto-message → phone → field visit → legal →
repossession → outside agency. Human queues get a collector; SLA = days from entering the queue
to the first action.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from autolend.kernel.delinquency import DEFAULT_BUCKETS

QUEUES = ("auto_message", "phone", "field_visit", "legal", "repossession", "outside_agency")
HUMAN_QUEUES = frozenset(QUEUES[1:])
BUCKET_NAMES = tuple(b.name for b in DEFAULT_BUCKETS)  # M0 … M7+
BANDS = ("high", "medium", "low")  # behaviour-score bands, best first
STRATEGY_BUCKETS = ("M1", "M2", "M3", "M4", "M5", "M6", "M7+")  # M0 (current) → auto_message

# bucket → queue for the (high, medium, low) bands: the table in force since the platform began
DEFAULT_ROWS: dict[str, tuple[str, str, str]] = {
    "M1": ("auto_message", "auto_message", "phone"),
    "M2": ("phone", "phone", "phone"),
    "M3": ("phone", "field_visit", "field_visit"),
    "M4": ("field_visit", "field_visit", "repossession"),
    "M5": ("field_visit", "legal", "repossession"),
    "M6": ("legal", "repossession", "repossession"),
    "M7+": ("outside_agency", "outside_agency", "outside_agency"),
}
DEFAULT_SLA_DAYS: dict[str, int] = {
    "auto_message": 3, "phone": 2, "field_visit": 5, "legal": 10, "repossession": 10, "outside_agency": 15}
DEFAULT_VERSION = "2026-01"


def _default_table() -> dict[tuple[str, str], str]:
    return {(b, band): q for b, qs in DEFAULT_ROWS.items() for band, q in zip(BANDS, qs, strict=True)}


@dataclass(frozen=True)
class Strategy:
    version: str = DEFAULT_VERSION
    table: dict[tuple[str, str], str] = field(default_factory=_default_table)
    sla_days: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_SLA_DAYS))
    writeoff_after_dpd: int = 180  # recommend write-off when DPD > this

    @classmethod
    def from_rows(cls, version: str, cells: Iterable[tuple[str, str, str]], sla_days: Mapping[str, int],
                  writeoff_after_dpd: int) -> Strategy:
        """A strategy from stored rows: ``cells`` are (bucket, band, queue)."""
        return cls(version=version, table={(b, band): q for b, band, q in cells},
                   sla_days={q: int(sla_days[q]) for q in QUEUES if q in sla_days},
                   writeoff_after_dpd=int(writeoff_after_dpd))


def strategy_errors(table: Mapping[tuple[str, str], str], sla_days: Mapping[str, int], writeoff_after_dpd: int) -> list[str]:
    """Why a proposed strategy cannot be used (empty when it can): every bucket × band cell set
    to a known queue, an SLA of 1 to 90 days for every queue, a write-off line of 90 to 720 days."""
    errors = [f"cell {b}/{band}: unknown queue {table.get((b, band))!r}" for b in STRATEGY_BUCKETS for band in BANDS
              if table.get((b, band)) not in QUEUES]
    errors += [f"sla {q}: must be 1 to 90 days" for q in QUEUES if not 1 <= int(sla_days.get(q, 0)) <= 90]
    if not 90 <= int(writeoff_after_dpd) <= 720:
        errors.append("writeoff_after_dpd: must be 90 to 720 days")
    return errors


STRATEGY = Strategy()


def queue_for(bucket: str, band: str, strategy: Strategy = STRATEGY) -> str:
    """The queue of a case in ``bucket`` (M1…M7+) with score ``band``; M0 → auto_message."""
    return strategy.table.get((bucket, band), "auto_message")


def escalate_from(queue: str) -> str:
    """The next queue up the ladder (the last stays)."""
    i = QUEUES.index(queue)
    return QUEUES[min(i + 1, len(QUEUES) - 1)]


def queue_rank(queue: str) -> int:
    return QUEUES.index(queue)


def queue_sql(bucket: str, band: str, strategy: Strategy = STRATEGY) -> str:
    """``queue_for`` as a SQL CASE over the bucket and band column expressions."""
    whens = " ".join(f"WHEN {bucket} = '{b}' AND {band} = '{s}' THEN '{q}'" for (b, s), q in sorted(strategy.table.items()))
    return f"(CASE {whens} ELSE 'auto_message' END)"


def rank_sql(queue: str) -> str:
    whens = " ".join(f"WHEN '{q}' THEN {i}" for i, q in enumerate(QUEUES))
    return f"(CASE {queue} {whens} ELSE 0 END)"


def sla_sql(queue: str, strategy: Strategy = STRATEGY) -> str:
    whens = " ".join(f"WHEN '{q}' THEN {d}" for q, d in strategy.sla_days.items())
    return f"(CASE {queue} {whens} ELSE 5 END)"


def assign_round_robin(case_ids: list[int], collectors: list[int], start: int = 0) -> dict[int, int]:
    """Cases to collectors in turn, starting after ``start`` (an offset kept by the caller)."""
    if not collectors:
        return {}
    return {case: collectors[(start + i) % len(collectors)] for i, case in enumerate(sorted(case_ids))}


def assign_least_loaded(case_ids: list[int], loads: dict[int, int]) -> dict[int, int]:
    """Each case to the collector with the fewest open cases so far (ties: lowest id)."""
    if not loads:
        return {}
    current = dict(loads)
    result: dict[int, int] = {}
    for case in sorted(case_ids):
        who = min(current, key=lambda c: (current[c], c))
        result[case] = who
        current[who] += 1
    return result
