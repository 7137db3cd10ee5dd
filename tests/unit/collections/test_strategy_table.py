"""Strategies as data: bucket × score band → queue, the escalation ladder, and assignment."""

from __future__ import annotations

import sqlite3

from autolend.collections.strategy import (
    STRATEGY,
    assign_least_loaded,
    assign_round_robin,
    escalate_from,
    queue_for,
    queue_sql,
)


def test_queue_by_bucket_and_band() -> None:
    assert queue_for("M1", "high") == "auto_message"
    assert queue_for("M1", "low") == "phone"
    assert queue_for("M3", "medium") == "field_visit"
    assert queue_for("M6", "low") == "repossession"
    assert queue_for("M7+", "high") == "outside_agency"


def test_sql_lookup_values() -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE c (bucket TEXT, band TEXT)")
    pairs = list(STRATEGY.table)
    db.executemany("INSERT INTO c VALUES (?, ?)", pairs)
    got = db.execute(f"SELECT bucket, band, {queue_sql('bucket', 'band')} FROM c").fetchall()
    assert {(b, s): q for b, s, q in got} == STRATEGY.table


def test_escalation_ladder() -> None:
    assert escalate_from("auto_message") == "phone"
    assert escalate_from("legal") == "repossession"
    assert escalate_from("outside_agency") == "outside_agency"


def test_round_robin_and_least_loaded() -> None:
    assert assign_round_robin([5, 3, 9], [1, 2]) == {3: 1, 5: 2, 9: 1}
    assert assign_round_robin([5], [1, 2], start=1) == {5: 2}
    assert assign_least_loaded([10, 11, 12], {1: 2, 2: 0, 3: 1}) == {10: 2, 11: 2, 12: 3}
    assert assign_least_loaded([1], {}) == {}
