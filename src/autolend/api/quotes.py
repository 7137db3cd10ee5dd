"""Loan quotes: a repayment schedule with APR, and the APR of given cash flows (no database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Body, Field, Router, Schema
from ninja.errors import ValidationError

from autolend.kernel.apr import AprInputError, apr_from_request
from autolend.kernel.quote import schedule_quote, terms_from_request
from autolend.kernel.schedule import ScheduleInputError

router = Router(tags=["quotes"])


class ScheduleRequest(Schema):
    principal: Decimal = Field(..., description="loan amount, yuan", examples=["5000"])
    annual_rate: Decimal = Field(..., description="nominal annual rate, percent", examples=["12"])
    installments: int = Field(..., examples=[18])
    disbursed: date = Field(..., examples=["2022-11-01"])
    every: int = 1
    unit: Literal["days", "weeks", "months"] = "months"
    first_due: date | None = None
    method: Literal["annuity", "equal-principal", "interest-only", "balloon", "flat"] = "annuity"
    balloon: Decimal | None = None
    days_in_year: Literal["360", "364", "365", "actual"] = "360"
    days_in_month: Literal["30", "actual"] = "30"
    interest_per: Literal["period", "day"] = "period"
    grace_principal: int = 0
    grace_interest: int = 0
    decimals: int = 2
    rounding: Literal["half-up", "half-even"] = "half-up"
    multiples_of: Decimal | None = Field(None, description="instalment in multiples of")
    amount_multiples_of: Decimal | None = Field(None, description="every amount in multiples of")
    fee_upfront: Decimal | None = None
    fee_per_installment: Decimal | None = None


class Row(Schema):
    n: int
    due_date: date
    principal: str
    interest: str
    fees: str
    total: str
    balance: str


class AprOut(Schema):
    periodic_rate: str
    apr_percent: str
    effective_annual_percent: str


class Totals(Schema):
    principal: str
    interest: str
    fees: str
    fee_upfront: str
    repayment: str
    cost: str
    regular_installment: str | None


class ScheduleResponse(Schema):
    installments: list[Row]
    totals: Totals
    apr: AprOut


APR_EXAMPLES = {
    "dated": {
        "summary": "Dated advances and payments",
        "value": {
            "unit_period": "month",
            "advances": [{"date": "2024-01-01", "amount": "99000"}],
            "payments": [{"date": f"2024-{m:02d}-01", "amount": "8833.30"} for m in range(2, 13)]
            + [{"date": "2025-01-01", "amount": "8833.30"}],
        },
    },
    "periodic": {
        "summary": "Appendix J periodic form",
        "value": {
            "amount_financed": "5000",
            "unit_period": "month",
            "payments": [{"amount": "230", "count": 24, "first_period": 1, "odd_fraction": "0"}],
        },
    },
}


def _invalid(field: str, message: str) -> ValidationError:
    """Ninja renders this as 422 {"detail": [{"loc": ["body", field], "msg": ...}]}."""
    return ValidationError([{"type": "value_error", "loc": ["body", "payload", *field.replace("]", "").replace("[", ".").split(".")], "msg": message}])


@router.post("/schedule", response=ScheduleResponse, summary="Repayment schedule with totals and APR")
def quote_schedule(request: HttpRequest, payload: ScheduleRequest) -> dict[str, Any]:
    body = {key: value for key, value in payload.dict().items() if value is not None}
    try:
        return schedule_quote(terms_from_request(body))
    except ScheduleInputError as exc:
        raise _invalid(exc.field, exc.message) from None


@router.post("/apr", response=AprOut, summary="APR of dated or periodic (Reg Z Appendix J) cash flows")
def quote_apr(request: HttpRequest, payload: Any = Body(..., openapi_examples=APR_EXAMPLES)) -> dict[str, str]:
    """Dated flows (Reg Z general equation) or the Appendix J periodic form; see the examples."""
    if not isinstance(payload, dict):
        raise _invalid("body", "expected one JSON object")
    try:
        return apr_from_request(payload).as_json()
    except AprInputError as exc:
        raise _invalid(exc.field, exc.message) from None
