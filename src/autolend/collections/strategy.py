"""Collection strategies as data (催收策略): bucket × behaviour-score band → queue, with SLAs.

The table is versioned (``STRATEGY.version`` is stored on every case). ``queue_for`` is the pure
lookup; ``queue_sql`` renders the same table as a SQL CASE for the set-based end of day.
Queues in escalation order: auto-message → phone → field visit → legal → repossession → outside
agency. Human queues get a collector; SLA = days from entering the queue to the first action.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from autolend.kernel.delinquency import DEFAULT_BUCKETS

QUEUES = ("auto_message", "phone", "field_visit", "legal", "repossession", "outside_agency")
HUMAN_QUEUES = frozenset(QUEUES[1:])
BUCKET_NAMES = tuple(b.name for b in DEFAULT_BUCKETS)  # M0 … M7+


def _default_table() -> dict[tuple[str, str], str]:
    # bucket → (high, medium, low) band queues
    rows = {
        "M1": ("auto_message", "auto_message", "phone"),
        "M2": ("phone", "phone", "phone"),
        "M3": ("phone", "field_visit", "field_visit"),
        "M4": ("field_visit", "field_visit", "repossession"),
        "M5": ("field_visit", "legal", "repossession"),
        "M6": ("legal", "repossession", "repossession"),
        "M7+": ("outside_agency", "outside_agency", "outside_agency"),
    }
    return {(b, band): q for b, qs in rows.items() for band, q in zip(("high", "medium", "low"), qs)}


@dataclass(frozen=True)
class Strategy:
    version: str = "2026-01"
    table: dict[tuple[str, str], str] = field(default_factory=_default_table)
    sla_days: dict[str, int] = field(default_factory=lambda: {
        "auto_message": 3, "phone": 2, "field_visit": 5, "legal": 10, "repossession": 10, "outside_agency": 15})
    writeoff_after_dpd: int = 180  # recommend write-off when DPD > this


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
