"""EOD step "accrual" on one chunk of loans: interest accrual (计提), due recognition of fees,
days past due with the bucket, and penalty interest (罚息) for the business date D.

Per active loan whose ``accrued_through`` is before D (the per-loan idempotency mark: a loan done
for D is never charged again, however the run is partitioned or repeated):

* interest: each current due recognises round(interest × elapsed ÷ period days) by D, all of it
  from its due date on, never more than interest − interest_waived; only the positive difference
  is posted (Dr interest receivable per loan): a payment may have recognised more already;
* fees: a due's fee (less fee_waived) becomes receivable on its due date (Dr fee receivable);
* DPD: days since the oldest due (due date before D) with principal, interest or fee unpaid —
  a penalty left unpaid alone does not keep a loan overdue; bucket from the policy's buckets;
* penalty: one day's penalty on the loan's overdue principal (plus overdue interest when its terms
  compound), charged onto the oldest overdue due (so allocation, oldest due first, meets it with
  that due) and posted Dr penalty receivable per loan;
* the loan's receivables, DPD, bucket and ``accrued_through`` = D are written with the postings
  (by chunk.py, in the same UPDATE as the provision step's fields).
The income side of the entry is one aggregated line per income account.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from autolend.kernel.delinquency import PenaltyTerms
from autolend.kernel.delinquency_arrays import accrual_targets, penalties, sum_by
from autolend.ledger.chart import AccountRole as Role
from autolend.servicing.eod.context import UnitContext
from autolend.servicing.eod.policy import penalty_terms
from autolend.servicing.eod.sql import I64, Column


@dataclass
class Dues:
    """The chunk's current dues that still matter on D, sorted by loan then due date (fen, days)."""

    id: I64
    owner: I64  # index of the due's loan in the chunk
    from_day: I64
    due_day: I64
    interest: I64  # as scheduled: accrual runs pro rata over it
    interest_recognisable: I64  # interest − interest_waived: never recognised beyond it
    accrued: I64
    fee_recognisable: I64  # fee − fee_waived
    fee_recognized: I64
    penalty: I64
    unpaid_principal: I64
    unpaid_interest: I64
    unpaid_fee: I64


@dataclass
class Accrual:
    """What the accrual step charges on one chunk (fen per loan unless said), and the dues' new values."""

    interest: I64
    fee: I64
    penalty: I64
    dpd: I64
    accrued_not_due: I64  # interest receivable on dues not yet due, after today's accrual
    due_ids: I64  # the dues that change …
    due_accrued: I64  # … and their new interest_accrued, fee_recognized and penalty (fen)
    due_fee_recognized: I64
    due_penalty: I64


def accrual_compute(ctx: UnitContext, loan_ids: I64, pending: str, lo: int, hi: int) -> Accrual:
    """Interest, fees and penalty for D of the chunk's loans (``loan_ids``, sorted; ``pending``: the
    SQL condition on ``l`` selecting the active loans not yet done for D)."""
    dues = _dues(ctx, lo, hi, pending, loan_ids)
    today, n = ctx.day_number, len(loan_ids)

    # (a) interest accrual and (b) fees due: targets, never below what is already recognised.
    target = np.minimum(accrual_targets(dues.interest, dues.from_day, dues.due_day, today), dues.interest_recognisable)
    interest = np.maximum(target - dues.accrued, 0)
    fee = np.where(dues.due_day <= today, np.maximum(dues.fee_recognisable - dues.fee_recognized, 0), 0)

    # (c) overdue dues, DPD from the oldest one, penalty on the overdue amounts.
    overdue = (dues.due_day < today) & ((dues.unpaid_principal > 0) | (dues.unpaid_interest > 0) | (dues.unpaid_fee > 0))
    owners, first = np.unique(dues.owner[overdue], return_index=True)
    first_rows = np.flatnonzero(overdue)[first]  # rows are by loan, then due date: the oldest
    dpd = np.zeros(n, dtype=np.int64)
    dpd[owners] = today - dues.due_day[first_rows]
    penalty = np.zeros(n, dtype=np.int64)
    if owners.size:
        owed_principal = sum_by(dues.owner[overdue], np.maximum(dues.unpaid_principal[overdue], 0), n)[owners]
        owed_interest = sum_by(dues.owner[overdue], np.maximum(dues.unpaid_interest[overdue], 0), n)[owners]
        penalty[owners] = penalties(owed_principal, owed_interest, _penalty_terms(ctx, loan_ids[owners]))
    penalty_due = np.zeros(len(dues.id), dtype=np.int64)
    penalty_due[first_rows] = penalty[owners]
    ctx.add("overdue_loans", int(owners.size))

    changed = (interest > 0) | (fee > 0) | (penalty_due > 0)
    paid = dues.interest_recognisable - dues.unpaid_interest
    not_due = np.where(dues.due_day > today, np.maximum(dues.accrued + interest - paid, 0), 0)
    return Accrual(
        interest=sum_by(dues.owner, interest, n),
        fee=sum_by(dues.owner, fee, n),
        penalty=penalty,
        dpd=dpd,
        accrued_not_due=sum_by(dues.owner, not_due, n),
        due_ids=dues.id[changed],
        due_accrued=(dues.accrued + interest)[changed],
        due_fee_recognized=(dues.fee_recognized + fee)[changed],
        due_penalty=(dues.penalty + penalty_due)[changed],
    )


def accrual_post(ctx: UnitContext, loan_ids: I64, products: I64, accrual: Accrual) -> None:
    """Write the dues and the accrual entry's lines: Dr each receivable per loan, Cr the income."""
    ctx.dialect.update_by_id(
        "servicing_installment",
        accrual.due_ids,
        [
            Column("interest_accrued", "money", accrual.due_accrued),
            Column("fee_recognized", "money", accrual.due_fee_recognized),
            Column("penalty", "money", accrual.due_penalty),
        ],
        {},
    )
    entry, accounts = ctx.entries["accrual"], ctx.accounts
    for role, income, amounts in (
        (Role.INTEREST_RECEIVABLE, Role.INTEREST_INCOME, accrual.interest),
        (Role.FEE_RECEIVABLE, Role.FEE_INCOME, accrual.fee),
        (Role.PENALTY_RECEIVABLE, Role.PENALTY_INCOME, accrual.penalty),
    ):
        if amounts.any():
            entry.loan_lines(loan_ids, accounts.ids(products, role), amounts, debit=True)
            entry.aggregate(accounts.ids(products, income), amounts, debit=False)
            ctx.add(role.value, int(amounts.sum()))


def _dues(ctx: UnitContext, lo: int, hi: int, pending: str, loan_ids: I64) -> Dues:
    sql, lit, fen = ctx.dialect, ctx.dialect.literal, ctx.dialect.fen
    day = lit(ctx.business_date)
    rows = sql.read_ints(
        f"SELECT d.id, d.loan_id, {sql.day('d.from_date')}, {sql.day('d.due_date')}, {fen('d.interest')}, "
        f"{fen('d.interest')} - {fen('d.interest_waived')}, {fen('d.interest_accrued')}, "
        f"{fen('d.fee')} - {fen('d.fee_waived')}, {fen('d.fee_recognized')}, {fen('d.penalty')}, "
        f"{fen('d.principal')} - {fen('d.principal_paid')}, "
        f"{fen('d.interest')} - {fen('d.interest_paid')} - {fen('d.interest_waived')}, "
        f"{fen('d.fee')} - {fen('d.fee_paid')} - {fen('d.fee_waived')} "
        "FROM servicing_installment d JOIN servicing_loan l ON l.id = d.loan_id "
        f"WHERE d.loan_id BETWEEN {lit(lo)} AND {lit(hi)} AND d.is_current AND (d.from_date < {day} OR d.due_date <= {day}) "
        f"AND l.id BETWEEN {lit(lo)} AND {lit(hi)} AND {pending} "  # (else the planner may scan every loan)
        "AND (d.interest_accrued < d.interest - d.interest_waived OR d.fee_recognized < d.fee - d.fee_waived "
        "OR d.principal_paid < d.principal OR d.interest_paid + d.interest_waived < d.interest "
        "OR d.fee_paid + d.fee_waived < d.fee) "
        "ORDER BY d.loan_id, d.due_date, d.id",
        13,
    )
    owner = np.searchsorted(loan_ids, rows[:, 1]).astype(np.int64)
    return Dues(rows[:, 0], owner, *(rows[:, k] for k in range(2, 13)))


def _penalty_terms(ctx: UnitContext, loan_ids: I64) -> list[PenaltyTerms]:
    """Penalty terms of the overdue loans (read only for them: few, and terms are JSON)."""
    sql = ctx.dialect
    if sql.postgres:
        condition, params = "id = ANY(%s)", [loan_ids]
    else:
        condition, params = f"id IN ({','.join('%s' for _ in range(len(loan_ids)))})", loan_ids.tolist()
    rows = sql.query(f"SELECT id, {sql.scaled('annual_rate', 4)}, terms FROM servicing_loan WHERE {condition}", params)
    by_id = {row[0]: penalty_terms(row[2], Decimal(row[1]).scaleb(-4)) for row in rows}
    return [by_id[i] for i in loan_ids.tolist()]
