"""What the origination services share: the clock for metadata, the business date, row locks.

Lock order (every service): the application row → its stipulations / offers / contract rows →
servicing's rows (booking: number sequence → loan → dues) → the audit chain head (always last).
"""

from __future__ import annotations

import secrets
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from autolend.origination.models import Application


def now() -> datetime:
    """When a row was recorded (metadata, not a business date)."""
    return timezone.now()


def business_date_today() -> date:
    """The platform's business date (servicing EOD), else the local calendar date."""
    from autolend.servicing.selectors import business_date_current

    return business_date_current() or timezone.localdate()


def application_pk(application: Application | int) -> int:
    return int(application.pk if isinstance(application, Application) else application)


def locked(application: Application | int, *, related: bool = True) -> Application:
    """The application row, locked for the rest of the transaction (select_for_update): two
    services on one application (a decision and a withdrawal, two acceptances) run one after
    the other and the second sees the first's status. ``related``: also read its borrower and
    product version (not locked: ``of=self``)."""
    rows = Application.objects.select_for_update(of=("self",))
    if related:
        rows = rows.select_related("borrower", "product_version__product")
    return rows.get(pk=application_pk(application))


def new_number(on: date) -> str:
    """An application number: "AP" + business date + 6 random hex digits (unique index decides)."""
    return f"AP{on:%y%m%d}{secrets.token_hex(3).upper()}"


def actor_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None
