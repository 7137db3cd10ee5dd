"""The batch jobs are set-based: ingesting a telemetry batch, revaluing the book and running the
daily checks take the same number of SQL statements for 2 cars as for 30 (nothing per car or
per point). The one exception is the bulk insert of the points itself, which the database driver
splits into chunks of rows (SQLite allows 999 parameters a statement): those are not counted."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from autolend.collateral.services import collateral_daily, collateral_revalue, telemetry_ingest
from autolend.collateral.testing import car_for, parked, tracker, utc
from autolend.integrations.payments import SimulatedGateway
from autolend.servicing.testing import disbursed_loan, fresh_books

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def isolated_gateway() -> Iterator[None]:
    fresh_books()
    yield
    SimulatedGateway.reset()  # the simulated payouts of these tests must not leak into later files


def statements(fn: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as queries:
        fn()
    return sum(1 for q in queries if not (q["sql"].startswith("INSERT") and '"collateral_gpspoint"' in q["sql"][:60]))


def test_statements_do_not_grow_with_the_book() -> None:
    cars = [car_for(disbursed_loan(), n) for n in range(1, 31)]
    devices = [tracker(car, n) for n, car in enumerate(cars, start=1)]
    small = [p for d in devices[:2] for p in parked(d, utc(2024, 6, 1), 2)]
    large = [p for d in devices for p in parked(d, utc(2024, 6, 1), 24 * 3)]  # 30 × 145 points
    assert statements(lambda: telemetry_ingest(small)) == statements(lambda: telemetry_ingest(large))

    two = [c.loan_id for c in cars[:2]]
    day = date(2024, 2, 1)
    assert statements(lambda: collateral_revalue(day, loans=two)) == statements(
        lambda: collateral_revalue(day + timedelta(days=1)))
    assert statements(lambda: collateral_daily(date(2024, 6, 5))) < len(cars)  # a loop over cars would need more
