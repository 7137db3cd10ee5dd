"""GET /api/v1/health: is the process up and can it reach its database."""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.http import HttpRequest
from ninja import Router, Schema, Status

router = Router(tags=["health"])


class HealthOut(Schema):
    status: str
    database: str


@router.get("/health", response={200: HealthOut, 503: HealthOut}, summary="Health check")
def health(request: HttpRequest) -> Status[HealthOut]:
    """`status` is "ok" when a trivial query succeeds; `database` is the backend vendor."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return Status(503, HealthOut(status="error", database=connection.vendor))
    return Status(200, HealthOut(status="ok", database=connection.vendor))
