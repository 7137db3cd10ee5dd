"""The books and the end of day: ``GET /ledger/trial-balance`` and ``GET /reconcile``
(``ledger.view``), ``POST /eod`` (``eod.run``: operations and admin)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from autolend.servicing.api._common import EodIn, field_error, require, session

router = Router(auth=session)


@router.get("/ledger/trial-balance", response=dict[str, Any], tags=["ledger"], summary="Trial balance")
def trial_balance(request: HttpRequest, as_of: date | None = None) -> dict[str, Any]:
    """Every account's balance over lines dated on or before ``as_of`` (all when omitted), and
    the totals: ``{"as_of", "total_debit", "total_credit", "balanced", "accounts": […]}``."""
    from autolend.ledger.selectors import trial_balance as books

    require(request, "ledger.view")
    tb = books(as_of)
    return {"as_of": as_of.isoformat() if as_of else None, "total_debit": str(tb.total_debit),
            "total_credit": str(tb.total_credit), "balanced": tb.balanced,
            "accounts": [a.as_json() for a in tb.accounts]}


@router.get("/reconcile", response=dict[str, Any], tags=["ledger"], summary="Reconcile loans with the ledger")
def reconcile(request: HttpRequest) -> dict[str, Any]:
    """``{"ok", "loans_checked", "trial_balance_balanced", "differences": […]}`` (200 either way)."""
    from autolend.servicing.selectors import reconcile_report

    require(request, "ledger.view")
    return reconcile_report()


@router.post("/eod", response=list[dict[str, Any]], tags=["eod"], summary="Run end of day")
def eod(request: HttpRequest, payload: EodIn) -> list[dict[str, Any]]:
    """Close business dates ``date`` … ``to`` (inclusive); a closed date is skipped. Runs in the
    request (eager) or on the Celery workers, and answers when every date is closed."""
    from autolend.servicing.eod import EodError, eod_run

    require(request, "eod.run")
    if payload.to is not None and payload.to < payload.date:
        raise field_error("to", f"{payload.to} is before date {payload.date}")
    try:
        days = eod_run(payload.date, payload.to, partitions=payload.partitions)
    except EodError as exc:
        raise HttpError(409, exc.message) from None
    return [day.as_json() for day in days]
