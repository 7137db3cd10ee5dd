"""``/loans/``: the loan book (reads for staff with ``loan.view``) and the money operations on one
loan (repayment, prepayment, payoff: ``payment.post``; reversal: ``payment.reverse``; disbursement
request: ``disbursement.request``). Writes take an ``Idempotency-Key`` header where money moves:
the same key and body answer the first result again (200, ``Idempotent-Replayed: true``), the same
key with another body is a 409.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Header, Query, Router, Schema
from ninja.errors import ValidationError
from ninja.responses import Status

from autolend.servicing.api._common import (
    ApprovalOut,
    DecisionIn,
    LoanRowOut,
    PaymentIn,
    PayoffIn,
    PrepaymentIn,
    QuoteOut,
    ReversalIn,
    TransactionOut,
    business_day,
    refusals,
    require,
    session,
)
from autolend.servicing.errors import ServicingError
from autolend.servicing.models import LoanTransaction

router = Router(tags=["loans"], auth=session)
KEY = Header(..., alias="Idempotency-Key", description="1 to 160 characters, unique per operation")


class LoanFilters(Schema):
    status: str | None = None
    bucket: str | None = None
    classification: str | None = None
    q: str | None = None
    limit: int = 100
    offset: int = 0


@router.get("/", response=list[LoanRowOut], summary="List loans")
def loans(request: HttpRequest, filters: Query[LoanFilters]) -> list[dict[str, Any]]:
    """Loans by number; filters: ``status``, ``bucket`` (M0 … M7+), ``classification``, ``q``
    (number, borrower or dealer). ``limit`` at most 1000."""
    from autolend.servicing.queries import loan_row, loans_query

    require(request, "loan.view")
    limit, offset = max(0, min(filters.limit, 1000)), max(0, filters.offset)
    try:
        rows = loans_query(filters.status, filters.bucket, filters.classification, filters.q)
    except ServicingError as exc:  # an unknown filter value
        raise ValidationError([{"type": "value_error", "loc": ["query", exc.field], "msg": exc.message}]) from None
    return [loan_row(loan) for loan in rows[offset: offset + limit]]


@router.get("/{number}", response=dict[str, Any], summary="Loan detail")
def loan(request: HttpRequest, number: str, as_of: date | None = None) -> dict[str, Any]:
    """Summary, terms, schedule (with each due's status on ``as_of``), transactions and journal lines."""
    from autolend.servicing.selectors import loan_detail

    require(request, "loan.view")
    with refusals():
        return loan_detail(number, as_of)


@router.get("/{number}/payoff-quote", response=QuoteOut, summary="Payoff quote")
def payoff_quote(request: HttpRequest, number: str, as_of: date | None = None,
                 valid_until: date | None = None) -> dict[str, str]:
    """What settles the loan if paid by ``valid_until`` (default ``as_of``, itself default the business date)."""
    from autolend.servicing.selectors import payoff_quote_for, quote_json

    require(request, "loan.view")
    day = business_day(as_of, "as_of", "query")
    with refusals():
        return quote_json(payoff_quote_for(number, day, valid_until))


def _posted(txn: LoanTransaction, replayed: bool, response: HttpResponse) -> Status[dict[str, Any]]:
    from autolend.servicing.selectors import transaction_json

    if replayed:
        response["Idempotent-Replayed"] = "true"
    return Status(200 if replayed else 201, transaction_json(txn))


def _seen(key: str) -> bool:
    return LoanTransaction.objects.filter(idempotency_key=key.strip()).exists()


@router.post("/{number}/payments", response={200: TransactionOut, 201: TransactionOut}, summary="Post a repayment")
def payment(request: HttpRequest, response: HttpResponse, number: str, payload: PaymentIn,
            idempotency_key: str = KEY) -> Status[dict[str, Any]]:
    from autolend.servicing.services import repayment_post

    actor = require(request, "payment.post")
    day = business_day(payload.date)
    replayed = _seen(idempotency_key)
    with refusals():
        txn = repayment_post(number, payload.amount, day, idempotency_key, channel=payload.channel, actor=actor)
    return _posted(txn, replayed, response)


@router.post("/{number}/prepayments", response={200: TransactionOut, 201: TransactionOut},
             summary="Post a partial prepayment")
def prepayment(request: HttpRequest, response: HttpResponse, number: str, payload: PrepaymentIn,
               idempotency_key: str = KEY) -> Status[dict[str, Any]]:
    from autolend.servicing.services import prepayment_post

    actor = require(request, "payment.post")
    day = business_day(payload.date)
    replayed = _seen(idempotency_key)
    with refusals():
        txn = prepayment_post(number, payload.amount, day, idempotency_key, mode=payload.mode, channel=payload.channel,
                              actor=actor)
    return _posted(txn, replayed, response)


@router.post("/{number}/payoff", response={200: TransactionOut, 201: TransactionOut}, summary="Pay the loan off")
def payoff(request: HttpRequest, response: HttpResponse, number: str, payload: PayoffIn,
           idempotency_key: str = KEY) -> Status[dict[str, Any]]:
    from autolend.servicing.services import payoff_post

    actor = require(request, "payment.post")
    day = business_day(payload.date)
    replayed = _seen(idempotency_key)
    with refusals():
        txn = payoff_post(number, payload.amount, day, idempotency_key, valid_until=payload.valid_until,
                          channel=payload.channel, actor=actor)
    return _posted(txn, replayed, response)


@router.post("/{number}/payments/{transaction_id}/reversal", response={200: TransactionOut, 201: TransactionOut},
             summary="Reverse a payment (e.g. bounced)")
def reversal(request: HttpRequest, response: HttpResponse, number: str, transaction_id: int,
             payload: ReversalIn) -> Status[dict[str, Any]]:
    """Reverse a repayment or payoff of this loan; reversing it again answers the first reversal."""
    from autolend.servicing.queries import loan_transaction
    from autolend.servicing.services import repayment_reverse

    actor = require(request, "payment.reverse")
    day = business_day(payload.date)
    with refusals():
        original = loan_transaction(number, transaction_id)
        replayed = _seen(f"reversal:{original.pk}")
        txn = repayment_reverse(original, day, payload.reason, actor=actor)
    return _posted(txn, replayed, response)


@router.post("/{number}/disbursement-requests", response={201: ApprovalOut}, summary="Ask to disburse (maker)")
def disbursement_request(request: HttpRequest, number: str, payload: DecisionIn) -> Status[dict[str, Any]]:
    """The maker's half of maker-checker: a pending request another person approves."""
    from autolend.servicing.queries import approval_json
    from autolend.servicing.services import disbursement_request as ask

    actor = require(request, "disbursement.request")
    day = business_day(payload.date)
    with refusals():
        approval = ask(number, actor, day)
    return Status(201, approval_json(approval))
