"""Applying the proceeds of a repossessed car's sale to its loan (处置款入账), in one transaction.

gross = the sale price; costs = the recorded repossession costs (agent, towing, storage yard,
auction fee, repairs), paid to those parties out of the gross; a pledged car's own storage fees
are collected out of the gross too (Dr bank / Cr fee income, see ``services.pledge``). What is
left, net, is applied to the loan through servicing's public services, so the loan's dues, its
balances and the journal move together (Dr bank [1002] / Cr the receivables):

* net ≥ the payoff quote on the day → ``payoff_post`` (every receivable cleared; the quote
  includes the product's early-settlement fee); the surplus is the borrower's: kept as customer
  credit [2242] and, with ``refund_account``, paid back at once by ``overpayment_refund``
  (Dr 2242 / Cr bank). Settled with nothing left: the loan is closed by repossession.
* net < the quote → ``prepayment_post`` (what is due first, in the product's allocation order,
  then the current period's interest, then principal; the schedule is rebuilt for the rest), or
  ``repayment_post`` when the net does not reach past what is due. The deficiency stays owed, or
  (``deficiency="write_off"``) a write-off is requested through servicing's maker-checker and,
  with ``writeoff_checker``, approved in the same transaction.
* a loan already written off → ``recovery_post`` (Dr bank / Cr recoveries [6051]).

Costs above the sale price are refused (book the shortfall through the write-off instead).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from autolend.collateral.errors import CollateralError
from autolend.collateral.models import (
    ListingStatus,
    Pledge,
    RepossessionOrder,
    RepossessionStatus,
    SettlementOutcome,
)
from autolend.collateral.services._common import audit, date_of, lock, lock_loan, retrying, text_of
from autolend.collateral.services.loans import loan_close_repossessed
from autolend.collateral.services.pledge import _fee_settle, storage_fee_due
from autolend.kernel.money import ZERO

S, Out = RepossessionStatus, SettlementOutcome
AUDITED = ("status", "outcome", "gross_proceeds", "costs", "net_proceeds", "surplus", "deficiency", "settled_on",
           "closed_on")


def repossession_settle(order: RepossessionOrder | int, as_of: date, actor: Any = None, *, deficiency: str = "keep",
                        refund_account: str = "", writeoff_checker: Any = None) -> RepossessionOrder:
    """Apply the net proceeds of a sold car to its loan; see the module docstring."""
    day = date_of(as_of)
    if deficiency not in ("keep", "write_off"):
        raise CollateralError("deficiency", "must be keep or write_off")
    account = text_of(refund_account, "refund_account", 40, required=False)

    def run() -> RepossessionOrder:
        with transaction.atomic():
            row = lock(RepossessionOrder, order, "order")
            if row.status != S.SOLD:
                raise CollateralError("status", f"cannot apply proceeds: repossession {row.pk} is {row.status}")
            sale = row.listings.get(status=ListingStatus.SOLD)
            gross = sale.sale_price
            costs = sum((c.amount for c in row.cost_items.all()), ZERO)
            pledge = lock(Pledge, row.pledge_id, "pledge") if row.pledge_id else None
            lock_loan(row.loan_id)  # before any audit event: the chain head is always locked last
            storage = storage_fee_due(pledge, day) if pledge else ZERO
            net = gross - costs - storage
            if net <= 0:
                raise CollateralError("costs", f"costs {costs + storage} exceed the sale price {gross}")
            before = _snapshot(row)
            row.gross_proceeds, row.costs, row.net_proceeds = gross, costs + storage, net
            _apply(row, net, day, actor, sale.sale_reference, deficiency, account, writeoff_checker)
            if pledge is not None and storage > 0:
                _fee_settle(pledge, storage, day, waive=False, actor=actor)
            row.settled_on = day
            row.save()
            audit("repossession_settle", row, actor=actor, before=before, after=_snapshot(row), on=day)
            return row

    return retrying(run)


def _apply(row: RepossessionOrder, net: Decimal, day: date, actor: Any, ref: str, deficiency: str, account: str,
           checker: Any) -> None:
    from autolend.servicing.models import Loan, LoanStatus
    from autolend.servicing.selectors import loan_outstanding, payoff_quote_for
    from autolend.servicing.services import (
        overpayment_refund,
        payoff_post,
        recovery_post,
        writeoff_approve,
        writeoff_request,
    )

    key = f"repossession:{row.pk}"
    loan = Loan.objects.get(pk=row.loan_id)
    done: dict[str, Any] = {}
    if loan.status == LoanStatus.WRITTEN_OFF:
        done["recovery"] = recovery_post(loan, net, day, f"{key}:recovery", external_ref=ref, actor=actor).pk
        row.status, row.outcome, row.surplus, row.deficiency, row.closed_on = S.CLOSED, Out.RECOVERY, ZERO, None, day
        row.settlement = done
        return
    if loan.status != LoanStatus.ACTIVE:
        raise CollateralError("loan", f"loan {loan.number} is {loan.status}: there is nothing to apply proceeds to")
    quote = payoff_quote_for(loan, day)
    done["quote_total"] = str(quote.total)
    if net >= quote.total:
        done["payoff"] = payoff_post(loan, net, day, f"{key}:payoff", external_ref=ref, actor=actor).pk
        row.surplus, row.deficiency = net - quote.total, ZERO
        if row.surplus > 0 and not account:
            row.status, row.outcome = S.SETTLED, Out.SURPLUS_HELD
        else:
            if row.surplus > 0:
                done["refund"] = overpayment_refund(loan, row.surplus, account=account, business_date=day,
                                                    idempotency_key=f"{key}:refund", actor=actor).pk
            loan_close_repossessed(loan.pk, day, actor)
            row.status, row.outcome, row.closed_on = S.CLOSED, Out.PAID_IN_FULL, day
        row.settlement = done
        return
    done.update(_apply_partial(loan, net, day, key, ref, actor))
    loan.refresh_from_db()
    row.surplus, row.deficiency = ZERO, loan_outstanding(loan).total
    row.status, row.outcome = S.SETTLED, Out.DEFICIENCY_OWED
    if deficiency == "write_off":
        request = writeoff_request(loan, actor, day, f"deficiency after the sale of repossessed car (order {row.pk})")
        done["writeoff_request"] = request.pk
        row.outcome = Out.DEFICIENCY_WRITE_OFF
        if checker is not None:
            done["writeoff"] = writeoff_approve(request, checker, day).pk
            row.status, row.outcome, row.closed_on = S.CLOSED, Out.DEFICIENCY_WRITTEN_OFF, day
    row.settlement = done


def _apply_partial(loan: Any, net: Decimal, day: date, key: str, ref: str, actor: Any) -> dict[str, Any]:
    """A prepayment (due first, then interest to date, then principal); when the net does not
    reach past what is due (or nothing falls due later), a repayment."""
    from autolend.servicing.errors import ServicingError
    from autolend.servicing.services import prepayment_post, repayment_post

    try:
        with transaction.atomic():
            return {"prepayment": prepayment_post(loan, net, day, f"{key}:prepayment", external_ref=ref,
                                                  actor=actor).pk}
    except ServicingError as exc:
        if exc.field not in ("amount", "loan"):
            raise
    return {"repayment": repayment_post(loan, net, day, f"{key}:repayment", external_ref=ref, actor=actor).pk}


def repossession_surplus_refund(order: RepossessionOrder | int, account: str, as_of: date,
                                actor: Any = None) -> RepossessionOrder:
    """Pay a held surplus back to the borrower's ``account``; the loan is then closed by repossession."""
    from autolend.servicing.services import overpayment_refund

    day = date_of(as_of)
    to = text_of(account, "account", 40)
    with transaction.atomic():
        row = lock(RepossessionOrder, order, "order")
        if row.outcome != Out.SURPLUS_HELD or row.status != S.SETTLED:
            raise CollateralError("status", f"repossession {row.pk} holds no surplus")
        before = _snapshot(row)
        refund = overpayment_refund(row.loan, row.surplus, account=to, business_date=day,
                                    idempotency_key=f"repossession:{row.pk}:refund", actor=actor)
        loan_close_repossessed(row.loan_id, day, actor)
        row.status, row.outcome, row.closed_on = S.CLOSED, Out.PAID_IN_FULL, day
        row.settlement = {**row.settlement, "refund": refund.pk}
        row.save()
        audit("repossession_surplus_refund", row, actor=actor, before=before, after=_snapshot(row), on=day)
        return row


def _snapshot(row: RepossessionOrder) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in AUDITED:
        value = getattr(row, name)
        out[name] = value.isoformat() if isinstance(value, date) else str(value) if value is not None else None
    return out
