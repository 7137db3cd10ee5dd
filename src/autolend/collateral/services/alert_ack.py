"""A person acknowledges an open alert (已知悉): it stays open (its condition has not ended) but
the queue shows who is looking into it. Recorded in the alert's ``detail`` and audited; a second
acknowledgement is refused. Resolving it is ``alerts.alert_close``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from autolend.collateral.errors import CollateralError
from autolend.collateral.models import CollateralAlert
from autolend.collateral.services._common import audit, date_of, lock, text_of


def alert_acknowledge(alert: CollateralAlert | int, actor: Any, as_of: date, note: str = "") -> CollateralAlert:
    """Mark an open alert as being looked into by ``actor`` on the business date ``as_of``."""
    day = date_of(as_of)
    text = text_of(note, "note", 200, required=False)
    with transaction.atomic():
        row = lock(CollateralAlert, alert, "alert")
        if not row.is_open:
            raise CollateralError("status", f"alert {row.pk} is closed")
        if "acknowledged" in row.detail:
            raise CollateralError("status", f"alert {row.pk} was already acknowledged by {row.detail['acknowledged']['by']}")
        who = getattr(actor, "username", "") or "system"
        row.detail = {**row.detail, "acknowledged": {"by": who, "on": day.isoformat(), "note": text}}
        row.save(update_fields=["detail"])
        audit("alert_acknowledge", row, actor=actor, before=None,
              after={"kind": row.kind, "key": row.key, "note": text}, on=day)
        return row
