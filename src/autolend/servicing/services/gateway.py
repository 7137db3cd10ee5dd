"""Webhook notifications from the payment gateway: money in, or a payment returned (bounced).

The event id is the idempotency key: the gateway may deliver an event more than once, and a
redelivery (even on a later business date) returns the transaction the first delivery made.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from autolend.servicing.errors import ServicingError
from autolend.servicing.models import LoanTransaction
from autolend.servicing.selectors import business_date_current
from autolend.servicing.services._common import amount_of, key_of
from autolend.servicing.services.repayments import repayment_post
from autolend.servicing.services.reversal import repayment_reverse

EVENT_CHANNELS = frozenset({"bank_transfer", "auto_debit"})


def repayment_from_gateway(event: dict[str, Any], business_date: date | None = None) -> LoanTransaction:
    """Post a ``payment.succeeded`` event as a repayment, or reverse the payment a
    ``payment.returned`` event names. The business date is ``business_date``, else the platform's,
    else the event's value date."""
    if not isinstance(event, dict):
        raise ServicingError("event", "must be a JSON object")
    event_id = key_of(event.get("id"))
    kind = event.get("type")
    number = str(event.get("reference") or "").strip()
    amount = amount_of(event.get("amount"))
    day = business_date or business_date_current() or _value_date(event)
    first = LoanTransaction.objects.filter(idempotency_key=event_id).select_related("loan").first()
    if first is not None:
        if first.loan.number != number or first.amount != amount:
            raise ServicingError("idempotency_key", f"event {event_id!r} was already used with a different request")
        return first
    if kind == "payment.succeeded":
        channel = event.get("channel") or "bank_transfer"
        if channel not in EVENT_CHANNELS:
            raise ServicingError("channel", f"must be one of {', '.join(sorted(EVENT_CHANNELS))}")
        return repayment_post(number, amount, day, event_id, channel=channel, external_ref=event_id,
                              refund_account=str(event.get("payer_account") or ""))
    if kind == "payment.returned":
        original = LoanTransaction.objects.filter(idempotency_key=str(event.get("original_event_id") or "")).first()
        if original is None or original.loan.number != number:
            raise ServicingError("original_event_id", "names no payment of this loan")
        if original.amount != amount:
            raise ServicingError("amount", f"does not match the returned payment ({original.amount})")
        return repayment_reverse(original, day, reason=f"returned by the bank (event {event_id})",
                                 idempotency_key=event_id)
    raise ServicingError("type", "must be payment.succeeded or payment.returned")


def _value_date(event: dict[str, Any]) -> date:
    try:
        return date.fromisoformat(str(event.get("value_date")))
    except ValueError:
        raise ServicingError("value_date", "is not a date (YYYY-MM-DD)") from None
