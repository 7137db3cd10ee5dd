"""An EOD run that crashes midway and is run again leaves the same books as one that never crashed.

Real commits (transactional tests): every finished unit is committed, the crashed unit rolls back.
On PostgreSQL the deferred trigger checks each entry's balance at each commit, and two runners
racing over the same dates (two workers picking up the same units) still post everything once.
"""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connections
from tests.integration.eod_fixtures import (
    books,
    ledger_balanced,
    scenario_book,
    subledger_differences,
)

from autolend.servicing.eod import eod_run, units
from autolend.servicing.models import EodRun

pytestmark = pytest.mark.django_db(transaction=True)

FIRST, LAST = date(2024, 1, 10), date(2024, 1, 17)


class Crash(RuntimeError):
    pass


def _fresh_book() -> None:
    call_command("flush", interactive=False, verbosity=0)
    scenario_book()


def _uninterrupted() -> dict[str, Any]:
    _fresh_book()
    eod_run(FIRST, LAST, partitions=3, chunk=2)
    assert ledger_balanced() and not subledger_differences()
    return books()


@pytest.mark.parametrize("crash_after", [0, 2, 4, 15])  # units of 8 days × 3 partitions
def test_run_crashed_after_k_units_then_run_again_equals_an_uninterrupted_run(
    monkeypatch: pytest.MonkeyPatch, crash_after: int
) -> None:
    expected = _uninterrupted()
    _fresh_book()
    written = 0

    def crash_after_k(business_date: date, partition: int) -> None:
        nonlocal written
        written += 1
        if written > crash_after:
            raise Crash(f"killed in {business_date} partition {partition}")

    monkeypatch.setattr(units, "unit_written", crash_after_k)
    with pytest.raises(Crash):
        eod_run(FIRST, LAST, partitions=3, chunk=2)
    done = EodRun.objects.filter(partition__gte=1).count()  # the units' rows (plan, day steps, close: partition 0)
    assert done == 2 * crash_after  # two steps a unit; the crashed unit left nothing behind
    monkeypatch.undo()
    # Asked for another layout: the crashed date keeps its recorded plan (3 × 2), later dates use 5 × 3.
    eod_run(FIRST, LAST, partitions=5, chunk=3)
    assert ledger_balanced() and not subledger_differences()
    assert books() == expected


@pytest.mark.postgres
def test_two_runners_racing_over_the_same_dates_post_everything_once() -> None:
    expected = _uninterrupted()
    _fresh_book()
    errors: list[BaseException] = []
    start = threading.Barrier(2, timeout=30)

    def runner() -> None:
        try:
            start.wait()
            eod_run(FIRST, LAST, partitions=3, chunk=2)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert ledger_balanced() and not subledger_differences()
    assert books() == expected
