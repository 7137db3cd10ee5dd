"""``POST /api/v1/payments/bank-files``: a bank file of repayments (代扣/转账文件) as JSON.

Each line is posted exactly as ``POST /loans/{number}/payments`` would post it
(``servicing.services.repayments_post_batch``); the answer says, per line, whether it was posted,
replayed (its key was used before with the same request) or refused (with the field and a message),
so the caller re-sends only what it must. The request itself (shape, date after the business date,
more than 10,000 lines) is a 422 and posts nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from autolend.servicing.api._common import business_day, require, session
from autolend.servicing.refusals import refusal

router = Router(auth=session, tags=["payments"])


class BankLineIn(Schema):
    loan: str = Field(..., examples=["AL00000001"])
    amount: Decimal = Field(..., description="yuan, e.g. \"8884.88\"", examples=["8884.88"])
    key: str = Field(..., description="the line's idempotency key (1 to 160 characters)")
    channel: str = Field("bank_transfer", description="bank_transfer, auto_debit, manual or cash")
    external_ref: str = Field("", description="the bank's reference of the payment")


class BankFileIn(Schema):
    date: dt.date | None = Field(None, description="business date received (default: the business date)")
    lines: list[BankLineIn] = Field(..., min_length=1, max_length=10_000)


class LineOut(Schema):
    line: int
    status: str  # posted | replayed | refused
    transaction: int | None = None
    field: str | None = None
    message: str | None = None


class BankFileOut(Schema):
    business_date: str
    posted: int
    replayed: int
    refused: int
    lines: list[LineOut]


@router.post("/bank-files", response=BankFileOut, summary="Post a bank file of repayments")
def bank_file(request: HttpRequest, payload: BankFileIn) -> dict[str, Any]:
    from autolend.servicing.services import RepaymentLine, repayments_post_batch

    actor = require(request, "payment.post")
    day = business_day(payload.date)
    result = repayments_post_batch(
        [RepaymentLine(x.loan, x.amount, x.key, x.channel, x.external_ref) for x in payload.lines], day, actor=actor)
    lines: list[dict[str, Any]] = []
    for n in range(len(payload.lines)):
        if n in result.posted or n in result.replayed:
            txn = result.posted.get(n) or result.replayed[n]
            lines.append({"line": n + 1, "status": "posted" if n in result.posted else "replayed", "transaction": txn.pk})
        else:
            refused = refusal(result.refused[n])
            lines.append({"line": n + 1, "status": "refused", "field": refused.field, "message": refused.message})
    return {"business_date": day.isoformat(), "posted": len(result.posted), "replayed": len(result.replayed),
            "refused": len(result.refused), "lines": lines}
