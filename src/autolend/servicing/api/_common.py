"""What the servicing API shares: session auth with JSON 401s, permission checks, refusals as
HTTP errors, the business date, and the request schemas.

Amounts go in and out as decimal strings (numbers are accepted on input); dates are ISO.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import pgettext
from ninja import Field, Schema
from ninja.errors import HttpError, ValidationError
from ninja.security import SessionAuth

from autolend.identity.permissions import has_perm
from autolend.servicing.errors import ServicingError
from autolend.servicing.refusals import refusal


class Session(SessionAuth):
    """Django's session (CSRF-checked on writes); signed out is a JSON 401 in the user's language."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None:
            raise HttpError(401, pgettext("servicing", "Sign in to use this endpoint."))
        return user


session = Session()


def require(request: HttpRequest, permission: str) -> Any:
    """The signed-in user, if their role carries ``permission``; else a 403."""
    if not has_perm(request.user, permission):
        raise HttpError(403, pgettext("servicing", "Your role is not allowed to do this (%(permission)s).")
                        % {"permission": permission})
    return request.user


# The services' field names that the request spells differently.
BODY_NAMES = {"business_date": "date"}


@contextmanager
def refusals() -> Iterator[None]:
    """A ``ServicingError`` becomes 404/403/409 with a message, or 422 naming the field where
    the request carries it (``["body", "payload", name]`` like ninja's own, or the header)."""
    try:
        yield
    except ServicingError as exc:
        refused = refusal(exc)
        if refused.status != 422:
            raise HttpError(refused.status, refused.message) from None
        if refused.field == "idempotency_key":
            raise ValidationError([{"type": "value_error", "loc": ["header", "Idempotency-Key"],
                                    "msg": refused.message}]) from None
        raise field_error(BODY_NAMES.get(refused.field, refused.field), refused.message) from None


def field_error(field: str, message: str, where: str = "body") -> ValidationError:
    """A 422 naming ``field`` of the request body (or of the query string)."""
    loc = ["body", "payload", field] if where == "body" else [where, field]
    return ValidationError([{"type": "value_error", "loc": loc, "msg": message}])


def business_day(given: date | None, field: str = "date", where: str = "body") -> date:
    """``given``, never after the business date; or the business date when not given."""
    from autolend.servicing.selectors import business_date_current

    current = business_date_current()
    if given is None:
        if current is None:
            message = pgettext("servicing", "There is no business date yet (no end of day has run): give the date.")
            raise field_error(field, message, where)
        return current
    if current is not None and given > current:
        raise field_error(field, pgettext("servicing", "%(date)s is after the business date %(current)s.")
                          % {"date": given.isoformat(), "current": current.isoformat()}, where)
    return given


class PaymentIn(Schema):
    amount: Decimal = Field(..., description="yuan, e.g. \"8884.88\"", examples=["8884.88"])
    date: dt.date
    channel: str = Field("manual", description="manual, bank_transfer, auto_debit or cash")


class PrepaymentIn(PaymentIn):
    mode: str | None = Field(None, description="reduce_installment or reduce_term (default: the loan's terms)")


class PayoffIn(PaymentIn):
    valid_until: dt.date | None = Field(None, description="the quote's validity date (default: date)")


class ReversalIn(Schema):
    reason: str = Field(..., examples=["returned by the bank"])
    date: dt.date | None = Field(None, description="default: the business date")


class DecisionIn(Schema):
    date: dt.date | None = Field(None, description="default: the business date")
    reason: str = ""


class EodIn(Schema):
    date: dt.date
    to: dt.date | None = None
    partitions: int | None = Field(None, ge=1, le=10_000)


class LoanRowOut(Schema):
    number: str
    status: str
    principal_outstanding: str
    total_outstanding: str
    days_past_due: int
    classification: str
    dpd_bucket: str
    borrower_name: str
    dealer_name: str
    product_code: str
    disbursed_on: str | None


class TransactionOut(Schema):
    id: int
    loan: str
    kind: str
    business_date: str
    amount: str
    principal: str
    interest: str
    fee: str
    penalty: str
    overpayment: str
    channel: str
    external_ref: str
    idempotency_key: str | None
    reverses: int | None
    journal_entry: int | None


class ApprovalOut(Schema):
    id: int
    kind: str
    status: str
    loan: str
    maker: str
    checker: str | None
    payload: dict[str, Any]
    reason: str
    requested_on: str
    decided_on: str | None


class QuoteOut(Schema):
    as_of: str
    valid_until: str
    overdue_principal: str
    future_principal: str
    principal: str
    interest: str
    fees: str
    penalties: str
    settlement_fee: str
    per_diem: str
    total: str
