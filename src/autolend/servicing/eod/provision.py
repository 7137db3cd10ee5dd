"""EOD step "provision" for one chunk of loans: five-tier class, IFRS 9 stage and the provision.

Runs after "accrual" (it reads the DPD and receivables that step wrote). Per active loan: the class
and stage from DPD and the restructuring observation period (``restructured_until`` ≥ D); the
exposure (EAD) = principal outstanding + interest, fee and penalty receivable; both measures — the
2002 guideline rate of the class × exposure and ECL = PD × LGD × EAD of the stage — and the target
under the policy's basis (the larger by default). A loan no longer active keeps its class and has a
target of 0, so whatever it still holds is released. The change is posted: Cr loan-loss allowance
per loan (subledger = loan number) when the provision rises, Dr when it falls, against one
aggregated provision-expense line with the net. Target-based, so running it again posts nothing.
"""

from __future__ import annotations

import numpy as np

from autolend.kernel.delinquency import CLASS_ORDER
from autolend.kernel.delinquency_arrays import class_ranks, provisions, stages
from autolend.ledger.chart import AccountRole as Role
from autolend.servicing.eod.context import UnitContext
from autolend.servicing.eod.sql import Column

RANK_SQL = " ".join(f"WHEN '{c.value}' THEN {c.rank}" for c in CLASS_ORDER)
CLASS_NAMES = tuple(c.value for c in CLASS_ORDER)


def provision_chunk(ctx: UnitContext, lo: int, hi: int) -> int:
    """Run the provision step for the loans with ids lo…hi; returns how many loans it looked at."""
    sql, lit, fen = ctx.dialect, ctx.dialect.literal, ctx.dialect.fen
    active_ = lit("active")
    rows = sql.read_ints(
        f"SELECT l.id, {ctx.accounts.product_index(sql, 'l.product_code')}, "
        f"{sql.bigint(f'CASE WHEN l.status = {active_} THEN 1 ELSE 0 END')}, {sql.bigint('l.days_past_due')}, "
        f"{sql.bigint('COALESCE(' + sql.day('l.restructured_until') + ', -1)')}, {fen('l.principal_outstanding')}, "
        f"{fen('l.interest_receivable')}, {fen('l.fee_receivable')}, {fen('l.penalty_receivable')}, "
        f"{fen('l.provision')}, {sql.bigint(f'CASE l.classification {RANK_SQL} ELSE 0 END')}, "
        f"{sql.bigint('l.ifrs_stage')} FROM servicing_loan l "
        f"WHERE l.id BETWEEN {lit(lo)} AND {lit(hi)} AND (l.status = {active_} OR l.provision <> 0) "
        f"ORDER BY l.id{sql.lock}",
        12,
    )
    if not len(rows):
        return 0
    loan_ids, products, active, dpd = rows[:, 0], rows[:, 1], rows[:, 2] == 1, rows[:, 3]
    restructured = rows[:, 4] >= ctx.day_number
    principal, interest, fee, penalty, held = (rows[:, k] for k in range(5, 10))
    old_rank, old_stage = rows[:, 10], rows[:, 11]

    policy = ctx.policy
    rank = class_ranks(dpd, restructured, policy.classification)
    stage = stages(dpd, rank, restructured, policy.stages)
    guideline, ecl, target = provisions(principal + interest + fee + penalty, rank, stage, policy.provision)
    rank = np.where(active, rank, old_rank)
    stage = np.where(active, stage, old_stage)
    target = np.where(active, target, 0)
    delta = target - held

    changed = (delta != 0) | (rank != old_rank) | (stage != old_stage)
    sql.update_by_id(
        "servicing_loan",
        loan_ids[changed],
        [
            Column("provision", "money", target[changed]),
            Column("classification", "choice", rank[changed], CLASS_NAMES),
            Column("ifrs_stage", "int", stage[changed]),
        ],
        {},
    )
    allowance = ctx.accounts.ids(products, Role.LOAN_LOSS_ALLOWANCE)
    expense = ctx.accounts.ids(products, Role.PROVISION_EXPENSE)
    rise, fall = np.maximum(delta, 0), np.maximum(-delta, 0)
    ctx.entry.loan_lines(loan_ids, allowance, rise, debit=False)
    ctx.entry.loan_lines(loan_ids, allowance, fall, debit=True)
    ctx.entry.aggregate(expense, rise, debit=True)
    ctx.entry.aggregate(expense, fall, debit=False)
    ctx.add("provision_guideline", int(guideline[active].sum()))
    ctx.add("provision_ecl", int(ecl[active].sum()))
    ctx.add("provision_posted", int(target.sum()))
    ctx.add("provision_change", int(delta.sum()))
    return len(rows)
