"""Schedule versions: dues from a kernel schedule, the basis each version was built from.

A version's ``basis`` is a ``kernel.quote.terms_from_request`` mapping (strings), kept in
``ScheduleVersion`` so later versions start from the current one: a prepayment or restructure
changes principal, rate, count and dates in the basis and builds again with
``kernel.schedule.build_schedule``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from autolend.kernel.schedule import Schedule, build_schedule
from autolend.servicing.errors import ServicingError
from autolend.servicing.models import DueKind, Installment, Loan, ScheduleVersion
from autolend.servicing.services._common import now
from autolend.servicing.terms import FeeTreatment, LoanSetup, terms_for


def schedule_from(basis: dict[str, Any]) -> Schedule:
    """Build the schedule of ``basis``; bad settings raise ServicingError naming the field."""
    return build_schedule(terms_for(basis))


def dues_for(loan: Loan, schedule: Schedule, version: int, first_n: int) -> list[Installment]:
    """Unsaved current dues of ``schedule`` numbered from ``first_n``."""
    return [
        Installment(
            loan=loan, version=version, n=first_n + k, from_date=row.from_date, due_date=row.due_date,
            principal=row.principal, interest=row.interest, fee=row.fees, is_current=True,
        )
        for k, row in enumerate(schedule.installments)
    ]


def booking_dues(
    loan: Loan, setup: LoanSetup, disbursed: date, *, recognise_fee: bool
) -> tuple[list[Installment], Schedule, dict[str, Any]]:
    """Version-1 dues for a disbursement on ``disbursed``; a billed upfront fee is due n = 0 on that
    date (recognised as a receivable once the loan is disbursed)."""
    basis = setup.schedule_request(disbursed)
    schedule = schedule_from(basis)
    dues = dues_for(loan, schedule, 1, 1)
    if setup.fee_treatment is FeeTreatment.BILLED and setup.fee_upfront > 0:
        fee = setup.fee_upfront
        dues.insert(0, Installment(
            loan=loan, version=1, n=0, kind=DueKind.UPFRONT_FEE, from_date=disbursed, due_date=disbursed,
            principal=Decimal(0),
            interest=Decimal(0), fee=fee, fee_recognized=fee if recognise_fee else Decimal(0), is_current=True,
        ))
    return dues, schedule, basis


def version_record(
    loan: Loan, version: int, reason: str, effective_date: date, basis: dict[str, Any], schedule: Schedule
) -> ScheduleVersion:
    """Create or replace the record of ``version`` (disbursement rewrites version 1)."""
    record, _ = ScheduleVersion.objects.update_or_create(
        loan=loan, version=version,
        defaults={
            "reason": reason, "effective_date": effective_date, "basis": basis,
            "regular_installment": schedule.regular_installment, "created_at": now(),
        },
    )
    return record


def current_basis(loan: Loan) -> dict[str, Any]:
    basis: dict[str, Any] = ScheduleVersion.objects.get(loan=loan, version=loan.schedule_version).basis
    return dict(basis)


def next_n(kept: Iterable[Installment]) -> int:
    """The number after the highest kept current due (so current numbers stay unique)."""
    return max((row.n for row in kept), default=0) + 1


def rebased(basis: dict[str, Any], *, principal: Decimal, installments: int, start: date,
            first_due: date | None, annual_rate: Decimal | None = None) -> dict[str, Any]:
    """``basis`` for a new version starting on ``start``: no upfront fee and no grace again."""
    new = dict(basis)
    new.update(principal=str(principal), installments=str(installments), disbursed=start.isoformat(),
               fee_upfront="0", grace_principal="0", grace_interest="0")
    if annual_rate is not None:
        new["annual_rate"] = str(annual_rate)
    new.pop("first_due", None)
    if first_due is not None:
        new["first_due"] = first_due.isoformat()
    return new


def supersede(rows: Iterable[Installment]) -> list[Installment]:
    """Mark ``rows`` as no longer current: they stay as history of the version they came from."""
    superseded = list(rows)
    for row in superseded:
        row.is_current = False
    Installment.objects.bulk_update(superseded, ["is_current"])
    return superseded


def refresh_loan_shape(loan: Loan, dues: list[Installment], annual_rate: Decimal | None = None) -> None:
    """Instalment count (rows of kind instalment) and maturity of the current schedule (the caller
    saves the loan)."""
    numbered = [row for row in dues if row.kind == DueKind.INSTALLMENT]
    if not numbered:
        raise ServicingError("installments", "the schedule has no instalments")
    loan.installments = len(numbered)
    loan.maturity_date = max(row.due_date for row in numbered)
    if annual_rate is not None:
        loan.annual_rate = annual_rate
