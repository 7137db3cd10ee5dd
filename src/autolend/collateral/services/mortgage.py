"""Mortgage registration (抵押登记) and release (解押): every transition one audited transaction.

requested (after disbursement) → submitted (to the office, ``integrations.registration``) →
registered (certificate number, date) → release_requested (only once the loan is paid off or
closed by repossession) → released. Refused: a second open registration of the same car, a
registration of one already registered, a release before payoff, any step out of order. The
office may reject a filing (rejected: a new request may follow). Each registration locks its own
row first, then the loan (so a payoff reversal cannot interleave with a release request).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction

from autolend.collateral.conf import collateral_rules
from autolend.collateral.errors import CollateralError
from autolend.collateral.kinds import AlertKind
from autolend.collateral.models import MortgageRegistration, MortgageStatus, Vehicle
from autolend.collateral.services._common import (
    audit,
    date_of,
    fields,
    lock,
    lock_loan,
    now,
    retrying,
    text_of,
)
from autolend.collateral.services.alerts import alert_key, alerts_close
from autolend.integrations.registration import MortgageFiling, OfficeState, registration_office

S = MortgageStatus
AUDITED = ("status", "submitted_on", "office_reference", "certificate_number", "registered_on",
           "release_requested_on", "release_reference", "released_on", "rejected_reason")
LENDER_NAME = "autolend"
RELEASABLE_LOANS = frozenset({"paid_off", "closed_repossessed"})


def _require(reg: MortgageRegistration, *allowed: str, doing: str) -> None:
    if reg.status not in allowed:
        raise CollateralError("status", f"cannot {doing}: mortgage registration {reg.pk} is {reg.status}")


def _save(reg: MortgageRegistration, action: str, before: dict[str, Any], actor: Any, day: date) -> MortgageRegistration:
    reg.save()
    audit(f"mortgage_{action}", reg, actor=actor, before=before, after=fields(reg, *AUDITED), on=day)
    return reg


def mortgage_request(vehicle: Vehicle | int, as_of: date, actor: Any = None) -> MortgageRegistration:
    """Ask for the mortgage registration of a car whose loan has been disbursed."""
    day = date_of(as_of)

    def run() -> MortgageRegistration:
        with transaction.atomic():
            car = lock(Vehicle, vehicle, "vehicle")
            if car.loan_id is None:
                raise CollateralError("vehicle", f"vehicle {car.vin} secures no loan")
            loan = lock_loan(car.loan_id)
            if loan.status != "active" or loan.disbursed_on is None:
                raise CollateralError("loan", f"loan {loan.number} is {loan.status}: register after disbursement")
            open_reg = MortgageRegistration.objects.filter(vehicle=car).exclude(
                status__in=[S.RELEASED, S.REJECTED, S.CANCELLED]).first()
            if open_reg is not None:
                raise CollateralError("vehicle", f"vehicle {car.vin} already has mortgage registration "
                                                 f"{open_reg.pk} ({open_reg.status}): no double registration")
            days = collateral_rules().mortgage_register_days
            reg = MortgageRegistration(vehicle=car, loan=loan, requested_on=day, created_at=now(),
                                       register_due_by=loan.disbursed_on + timedelta(days=days))
            try:
                with transaction.atomic():
                    return _save(reg, "request", {}, actor, day)
            except IntegrityError:  # a concurrent request won the partial unique index
                raise CollateralError("vehicle", f"vehicle {car.vin} already has an open registration") from None

    return retrying(run)


def mortgage_submit(registration: MortgageRegistration | int, as_of: date, actor: Any = None) -> MortgageRegistration:
    """File the registration with the office; a rejection closes it (``rejected``)."""
    day = date_of(as_of)
    with transaction.atomic():
        reg = lock(MortgageRegistration, registration, "registration")
        _require(reg, S.REQUESTED, doing="submit")
        car, loan = reg.vehicle, lock_loan(reg.loan_id)
        before = fields(reg, *AUDITED)
        filing = MortgageFiling(vin=car.vin, plate=car.plate, owner_name=loan.borrower_name, lender_name=LENDER_NAME,
                                loan_number=loan.number, secured_amount=loan.principal)
        answer = registration_office().submit_mortgage(filing, day, f"mortgage:{reg.pk}")
        reg.submitted_on = day
        if answer.accepted:
            reg.status, reg.office_reference = S.SUBMITTED, answer.reference
        else:
            reg.status, reg.rejected_reason = S.REJECTED, answer.message[:200]
        return _save(reg, "submit", before, actor, day)


def mortgage_register(registration: MortgageRegistration | int, certificate_number: str, registered_on: date,
                      as_of: date, actor: Any = None) -> MortgageRegistration:
    """Record the registration the office made (certificate number, date). Refused unless submitted."""
    day = date_of(as_of)
    number = text_of(certificate_number, "certificate_number", 40)
    on = date_of(registered_on, "registered_on")
    if on > day:
        raise CollateralError("registered_on", "is after the business date")
    with transaction.atomic():
        reg = lock(MortgageRegistration, registration, "registration")
        if reg.status in (S.REGISTERED, S.RELEASE_REQUESTED):
            raise CollateralError("status", f"mortgage registration {reg.pk} is already registered "
                                            f"({reg.certificate_number}): no double registration")
        _require(reg, S.SUBMITTED, doing="record the registration")
        if reg.submitted_on and on < reg.submitted_on:
            raise CollateralError("registered_on", f"is before the submission on {reg.submitted_on}")
        before = fields(reg, *AUDITED)
        reg.status, reg.certificate_number, reg.registered_on = S.REGISTERED, number, on
        _save(reg, "register", before, actor, day)
        alerts_close([alert_key(AlertKind.MORTGAGE_NOT_REGISTERED, "vehicle", reg.vehicle_id)], now(), "registered", day)
        return reg


def mortgage_release_request(registration: MortgageRegistration | int, as_of: date,
                             actor: Any = None) -> MortgageRegistration:
    """Ask the office to release (解押) a registered mortgage: only once the loan is settled."""
    day = date_of(as_of)
    with transaction.atomic():
        reg = lock(MortgageRegistration, registration, "registration")
        _require(reg, S.REGISTERED, doing="request the release")
        loan = lock_loan(reg.loan_id)
        if loan.status not in RELEASABLE_LOANS:
            raise CollateralError("loan", f"loan {loan.number} is {loan.status}: no release before payoff")
        before = fields(reg, *AUDITED)
        answer = registration_office().submit_release(reg.certificate_number, reg.vehicle.vin, day, f"release:{reg.pk}")
        if not answer.accepted:
            raise CollateralError("office", f"the office refused the release filing: {answer.message}")
        closed_on = loan.closed_on or day
        reg.status, reg.release_requested_on, reg.release_reference = S.RELEASE_REQUESTED, day, answer.reference
        reg.release_due_by = closed_on + timedelta(days=collateral_rules().mortgage_release_days)
        return _save(reg, "release_request", before, actor, day)


def mortgage_release_confirm(registration: MortgageRegistration | int, released_on: date, as_of: date,
                             actor: Any = None) -> MortgageRegistration:
    """Record the release the office made; the certificate goes back to the borrower."""
    day = date_of(as_of)
    on = date_of(released_on, "released_on")
    if on > day:
        raise CollateralError("released_on", "is after the business date")
    with transaction.atomic():
        reg = lock(MortgageRegistration, registration, "registration")
        _require(reg, S.RELEASE_REQUESTED, doing="record the release")
        before = fields(reg, *AUDITED)
        reg.status, reg.released_on = S.RELEASED, on
        _save(reg, "release", before, actor, day)
        alerts_close([alert_key(AlertKind.MORTGAGE_NOT_RELEASED, "vehicle", reg.vehicle_id)], now(), "released", day)
        return reg


def mortgage_cancel(registration: MortgageRegistration | int, reason: str, as_of: date,
                    actor: Any = None) -> MortgageRegistration:
    """Withdraw a request not yet filed (e.g. the loan was cancelled)."""
    day = date_of(as_of)
    why = text_of(reason, "reason", 200)
    with transaction.atomic():
        reg = lock(MortgageRegistration, registration, "registration")
        _require(reg, S.REQUESTED, doing="cancel")
        before = fields(reg, *AUDITED)
        reg.status, reg.rejected_reason = S.CANCELLED, why
        return _save(reg, "cancel", before, actor, day)


def mortgage_poll(registration: MortgageRegistration | int, as_of: date, actor: Any = None) -> MortgageRegistration:
    """Ask the office where a submitted filing or a release stands, and record what it says."""
    day = date_of(as_of)
    reg = MortgageRegistration.objects.get(pk=getattr(registration, "pk", registration))
    office = registration_office()
    if reg.status == S.SUBMITTED:
        answer = office.mortgage_status(reg.office_reference, day)
        if answer.state is OfficeState.REGISTERED and answer.on is not None:
            return mortgage_register(reg, answer.certificate_number, answer.on, day, actor)
        if answer.state is OfficeState.REJECTED:
            with transaction.atomic():
                row = lock(MortgageRegistration, reg, "registration")
                _require(row, S.SUBMITTED, doing="record the rejection")
                before = fields(row, *AUDITED)
                row.status, row.rejected_reason = S.REJECTED, answer.message[:200]
                return _save(row, "reject", before, actor, day)
    elif reg.status == S.RELEASE_REQUESTED:
        answer = office.release_status(reg.release_reference, day)
        if answer.state is OfficeState.RELEASED and answer.on is not None:
            return mortgage_release_confirm(reg, answer.on, day, actor)
    return reg
