"""EOD step "provision" on one chunk of loans: five-tier class, IFRS 9 stage and the provision.

Runs after "accrual" on the same chunk (it uses the DPD and receivables that step derived). Per
active loan: the class and stage from DPD and the restructuring observation period
(``restructured_until`` ≥ D); the exposure (EAD) = principal outstanding + interest, fee and
penalty receivable (by default less interest accrued for periods not yet due, see
``kernel.delinquency.ExposureBasis``); both measures — the 2002 guideline rate of the class ×
exposure and ECL = PD × LGD × EAD of the stage — and the target under the policy's basis (the
larger by default). A loan no longer active keeps its class and has a
target of 0, so whatever it still holds is released. The change is posted: Cr loan-loss allowance
per loan (subledger = loan number) when the provision rises, Dr when it falls, against one
aggregated provision-expense line with the net. Target-based, so running it again posts nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from autolend.kernel.delinquency import CLASS_ORDER
from autolend.kernel.delinquency_arrays import class_ranks, provisions, stages
from autolend.ledger.chart import AccountRole as Role
from autolend.servicing.eod.context import UnitContext
from autolend.servicing.eod.sql import I64

RANK_SQL = " ".join(f"WHEN '{c.value}' THEN {c.rank}" for c in CLASS_ORDER)
Mask = NDArray[np.bool_]
CLASS_NAMES = tuple(c.value for c in CLASS_ORDER)


@dataclass
class Provisioning:
    """Per loan of a chunk: class rank, IFRS 9 stage and provision (fen) to hold, and the change."""

    rank: I64
    stage: I64
    target: I64
    delta: I64


def provision_compute(
    ctx: UnitContext, active: Mask, dpd: I64, restructured_day: I64, exposure: I64, held: I64, old_rank: I64, old_stage: I64
) -> Provisioning:
    """Class, stage and provision of each loan: ``exposure`` (fen) is the EAD after the accrual
    step; loans not ``active`` keep their class and stage and are provided 0 (what they still
    hold is released)."""
    policy = ctx.policy
    restructured = restructured_day >= ctx.day_number
    rank = class_ranks(dpd, restructured, policy.classification)
    stage = stages(dpd, rank, restructured, policy.stages)
    guideline, ecl, target = provisions(exposure, rank, stage, policy.provision)
    target = np.where(active, target, 0)
    ctx.add("provision_guideline", int(guideline[active].sum()))
    ctx.add("provision_ecl", int(ecl[active].sum()))
    ctx.add("provision_posted", int(target.sum()))
    ctx.add("provision_change", int((target - held).sum()))
    return Provisioning(np.where(active, rank, old_rank), np.where(active, stage, old_stage), target, target - held)


def provision_post(ctx: UnitContext, loan_ids: I64, products: I64, provisioning: Provisioning) -> None:
    """The provision entry's lines: Cr (rise) or Dr (fall) the allowance per loan, net expense."""
    allowance = ctx.accounts.ids(products, Role.LOAN_LOSS_ALLOWANCE)
    expense = ctx.accounts.ids(products, Role.PROVISION_EXPENSE)
    rise, fall = np.maximum(provisioning.delta, 0), np.maximum(-provisioning.delta, 0)
    entry = ctx.entries["provision"]
    entry.loan_lines(loan_ids, allowance, rise, debit=False)
    entry.loan_lines(loan_ids, allowance, fall, debit=True)
    entry.aggregate(expense, rise, debit=True)
    entry.aggregate(expense, fall, debit=False)
