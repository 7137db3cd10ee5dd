"""Writing telemetry points in bulk: COPY on PostgreSQL, ``bulk_create`` elsewhere.

On PostgreSQL the rows are streamed with ``COPY`` into a session temporary table and moved into
``collateral_gpspoint`` by one ``INSERT … SELECT … ON CONFLICT DO NOTHING`` (a point already
stored, e.g. from a retried webhook, is skipped by the unique index on device and time). COPY
avoids building a model instance and preparing every value through the ORM: at 1,000-point
batches it is several times faster than ``bulk_create``. Call inside the ingest transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import connection

from autolend.collateral.models import GpsPoint

Row = tuple[int, datetime, float, float, float, bool, str, bool, datetime]
COLUMNS = ("device_id", "recorded_at", "lat", "lon", "speed_kmh", "ignition", "power", "tamper", "received_at")
_TEMP = (
    "CREATE TEMP TABLE IF NOT EXISTS collateral_gps_incoming (device_id bigint, recorded_at timestamptz, "
    "lat double precision, lon double precision, speed_kmh double precision, ignition boolean, power varchar(8), "
    "tamper boolean, received_at timestamptz)"
)


def points_insert(rows: Sequence[Row]) -> None:
    """Insert ``rows`` (in ``COLUMNS`` order), skipping points already stored."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        GpsPoint.objects.bulk_create([GpsPoint(**dict(zip(COLUMNS, row, strict=True))) for row in rows],
                                     ignore_conflicts=True, batch_size=2000)
        return
    columns = ", ".join(COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(_TEMP)
        with cursor.cursor.copy(f"COPY collateral_gps_incoming ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(f"INSERT INTO collateral_gpspoint ({columns}) SELECT {columns} FROM collateral_gps_incoming "
                       "ON CONFLICT DO NOTHING")
        cursor.execute("DELETE FROM collateral_gps_incoming")
