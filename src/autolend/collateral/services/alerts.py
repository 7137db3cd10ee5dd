"""Opening and closing collateral alerts, in sets (rules) or one at a time (a person).

Rules call ``alerts_open`` with every alert they found and ``alerts_close`` with the keys whose
condition has ended; both are one or two statements whatever the number of alerts, and safe to
repeat: an open alert is never duplicated (partial unique index on ``key`` where open, inserts
that would break it are skipped); each call that opens alerts records one audit event with the
counts by kind. A person closes an alert with ``alert_close`` (audited).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction

from autolend.audit.services import audit_record
from autolend.collateral.errors import CollateralError
from autolend.collateral.kinds import SEVERITY, AlertKind
from autolend.collateral.models import CollateralAlert
from autolend.collateral.services._common import actor_or_none, audit, fields, lock, now, text_of


@dataclass(frozen=True)
class AlertSpec:
    """An alert a rule wants open. ``key`` identifies what it is about (see ``alert_key``)."""

    kind: AlertKind
    key: str
    opened_at: datetime
    loan_id: int | None = None
    vehicle_id: int | None = None
    device_id: int | None = None
    opened_on: date | None = None
    detail: dict[str, Any] = field(default_factory=dict)


def alert_key(kind: AlertKind, scope: str, pk: int) -> str:
    """E.g. ``gps_tamper:device:12``, ``ltv_shortfall:vehicle:7``."""
    return f"{kind.value}:{scope}:{pk}"


def alerts_open(specs: Sequence[AlertSpec], version: str) -> int:
    """Open the alerts of ``specs`` whose key has no open alert; returns how many were opened."""
    if not specs:
        return 0
    unique = {spec.key: spec for spec in specs}
    already = set(CollateralAlert.objects.filter(is_open=True, key__in=list(unique)).values_list("key", flat=True))
    rows = [
        CollateralAlert(kind=s.kind.value, severity=SEVERITY[s.kind].value, key=s.key, is_open=True,
                        loan_id=s.loan_id, vehicle_id=s.vehicle_id, device_id=s.device_id, opened_at=s.opened_at,
                        opened_on=s.opened_on, detail={**_plain(s.detail), "rules": version})
        for key, s in unique.items() if key not in already
    ]
    if not rows:
        return 0
    # A concurrent rule run may open the same key between the read and the insert: the partial
    # unique index refuses the second row and ignore_conflicts skips it instead of failing.
    CollateralAlert.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    kinds = Counter(row.kind for row in rows)
    # One audit event per run of a rule set (not per alert), inside the caller's transaction.
    audit_record("collateral.alerts_open", "alert_batch", rows[0].opened_at.isoformat(), actor=None, before=None,
                 after={"opened": len(rows), "kinds": dict(kinds), "rules": version}, business_date=rows[0].opened_on)
    return len(rows)


def alerts_close(keys: Iterable[str], at: datetime, resolution: str, on: date | None = None) -> int:
    """Close the open alerts with these keys (their condition ended); returns how many."""
    wanted = list(set(keys))
    if not wanted:
        return 0
    closed = 0
    for start in range(0, len(wanted), 1000):
        closed += CollateralAlert.objects.filter(is_open=True, key__in=wanted[start:start + 1000]).update(
            is_open=False, closed_at=at, resolution=resolution[:200])
    return closed


def alert_close(alert: CollateralAlert | int, actor: Any, resolution: str, on: date | None = None) -> CollateralAlert:
    """A person closes an open alert after looking into it; ``resolution`` says what was found."""
    why = text_of(resolution, "resolution", 200)
    with transaction.atomic():
        row = lock(CollateralAlert, alert, "alert")
        if not row.is_open:
            raise CollateralError("status", f"alert {row.pk} is already closed")
        before = fields(row, "is_open", "resolution")
        row.is_open, row.closed_at, row.closed_by, row.resolution = False, now(), actor_or_none(actor), why
        row.save(update_fields=["is_open", "closed_at", "closed_by", "resolution"])
        audit("alert_close", row, actor=actor, before=before, after={**fields(row, "is_open", "resolution"),
              "kind": row.kind, "key": row.key}, on=on)
        return row


def _plain(detail: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in detail.items():
        if isinstance(v, datetime | date):
            out[k] = v.isoformat()
        elif isinstance(v, float):
            out[k] = round(v, 6)
        elif isinstance(v, int | str | bool) or v is None:
            out[k] = v
        else:
            out[k] = str(v)
    return out
