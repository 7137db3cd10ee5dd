"""One chunk of loans (a range of ids) through every step of the day, in one pass.

Reads the chunk's loans once (locked), runs the accrual step (accrual.py) and then the provision
step (provision.py) on what accrual derived, and writes each loan row once: receivables, DPD,
bucket, ``accrued_through`` = D, class, stage and provision in one UPDATE (a loan row rewritten
once a day, not once per step: half the row versions, index entries and WAL). Each step posts to
its own journal entry.

Loans in a chunk: the active ones whose ``accrued_through`` is before D (not yet done for D), and
any no longer active that still hold a provision (released to 0).
"""

from __future__ import annotations

from autolend.kernel.delinquency import ExposureBasis
from autolend.kernel.delinquency_arrays import bucket_indices
from autolend.servicing.eod.accrual import accrual_compute, accrual_post
from autolend.servicing.eod.context import UnitContext
from autolend.servicing.eod.provision import (
    CLASS_NAMES,
    RANK_SQL,
    provision_compute,
    provision_post,
)
from autolend.servicing.eod.sql import Column

ACTIVE = "active"


def chunk_run(ctx: UnitContext, lo: int, hi: int) -> int:
    """Run every step for the loans with ids lo…hi; returns how many loans it did."""
    sql, lit, fen = ctx.dialect, ctx.dialect.literal, ctx.dialect.fen
    pending = f"l.status = {lit(ACTIVE)} AND (l.accrued_through IS NULL OR l.accrued_through < {lit(ctx.business_date)})"
    rows = sql.read_ints(
        f"SELECT l.id, {ctx.accounts.product_index(sql, 'l.product_code')}, "
        f"{sql.bigint(f'CASE WHEN {pending} THEN 1 ELSE 0 END')}, {fen('l.interest_receivable')}, "
        f"{fen('l.fee_receivable')}, {fen('l.penalty_receivable')}, {fen('l.principal_outstanding')}, "
        f"{fen('l.provision')}, {sql.bigint(f'CASE l.classification {RANK_SQL} ELSE 0 END')}, "
        f"{sql.bigint('l.ifrs_stage')}, {sql.bigint('COALESCE(' + sql.day('l.restructured_until') + ', -1)')} "
        f"FROM servicing_loan l WHERE l.id BETWEEN {lit(lo)} AND {lit(hi)} "
        f"AND (({pending}) OR (l.status <> {lit(ACTIVE)} AND l.provision <> 0)) ORDER BY l.id{sql.lock}",
        11,
    )
    if not len(rows):
        return 0
    loan_ids, products, active = rows[:, 0], rows[:, 1], rows[:, 2] == 1
    interest, fee, penalty, principal, held = (rows[:, k] for k in range(3, 8))

    accrual = accrual_compute(ctx, loan_ids, pending, lo, hi)
    interest, fee, penalty = interest + accrual.interest, fee + accrual.fee, penalty + accrual.penalty
    exposure = principal + interest + fee + penalty
    if ctx.policy.provision.exposure is ExposureBasis.DUE:
        exposure = exposure - accrual.accrued_not_due
    provisioning = provision_compute(ctx, active, accrual.dpd, rows[:, 10], exposure, held, rows[:, 8], rows[:, 9])

    accrual_post(ctx, loan_ids, products, accrual)
    provision_post(ctx, loan_ids, products, provisioning)
    done, released = active, ~active & (provisioning.delta != 0)
    sql.update_by_id(
        "servicing_loan",
        loan_ids[done],
        [
            Column("interest_receivable", "money", interest[done]),
            Column("fee_receivable", "money", fee[done]),
            Column("penalty_receivable", "money", penalty[done]),
            Column("days_past_due", "int", accrual.dpd[done]),
            Column("dpd_bucket", "choice", bucket_indices(accrual.dpd[done], ctx.policy.buckets), ctx.bucket_names),
            Column("provision", "money", provisioning.target[done]),
            Column("classification", "choice", provisioning.rank[done], CLASS_NAMES),
            Column("ifrs_stage", "int", provisioning.stage[done]),
        ],
        {"accrued_through": ctx.business_date},
    )
    sql.update_by_id("servicing_loan", loan_ids[released], [Column("provision", "money", provisioning.target[released])], {})
    return len(loan_ids)
