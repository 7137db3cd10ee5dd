"""Writes of the dealer portal: commission rates (audited, one transaction)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from autolend.audit.services import audit_record
from autolend.dealer_portal.models import CommissionRate
from autolend.parties.models import Dealer


class CommissionError(ValueError):
    """A commission rate that cannot be recorded; nothing was written."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def commission_rate_set(product_code: str, rate_pct: Decimal | str, *, effective_from: date,
                        dealer: Dealer | None = None, actor: Any = None) -> CommissionRate:
    """Record the commission (percent of principal, 0–100) of ``product_code`` from
    ``effective_from`` for ``dealer`` (None: every dealer without its own rate). The same
    (dealer, product, date) again replaces the rate."""
    code = (product_code or "").strip().upper()
    if not code:
        raise CommissionError("product_code", "is required")
    try:
        rate = Decimal(str(rate_pct).strip())
    except InvalidOperation:
        raise CommissionError("rate_pct", f"{rate_pct!r} is not a number") from None
    if not rate.is_finite() or not Decimal(0) <= rate <= Decimal(100) or rate != rate.quantize(Decimal("0.0001")):
        raise CommissionError("rate_pct", "must be 0 to 100 with at most 4 decimals")
    with transaction.atomic():
        # Locked: a concurrent change of the same rate would leave the audit's "before" stale.
        row = (CommissionRate.objects.select_for_update()
               .filter(dealer=dealer, product_code=code, effective_from=effective_from).first())
        before = {"rate_pct": str(row.rate_pct)} if row is not None else None
        if row is None:
            row = CommissionRate.objects.create(dealer=dealer, product_code=code, rate_pct=rate,
                                                effective_from=effective_from, created_by=_user(actor),
                                                created_at=timezone.now())
        else:
            row.rate_pct = rate
            row.save(update_fields=["rate_pct"])
        audit_record("commission_rate_set", "dealer", dealer.pk if dealer else 0, actor=actor, before=before,
                     after={"product_code": code, "rate_pct": str(rate), "effective_from": effective_from})
    return row


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None
