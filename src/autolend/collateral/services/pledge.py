"""Pledge custody (质押): intake inspection, custody log, storage fees, release on payoff.

Storage fees are **tracked for billing**, not booked as a receivable of the loan: the loan's fee
receivable (1133) is servicing's, kept equal to its dues by the reconcile check, and a storage
fee is not a due of the repayment schedule. The fee accrues at ``daily_fee`` yuan per night in
custody (``storage_fee_due``); it is collected from the borrower before release
(``storage_fee_collect``: Dr bank [1002] / Cr fee income [6021], subledger = loan number) or
waived by a person (recorded, no entry), and on disposal it is collected out of the sale
proceeds (``services.proceeds``). Disposal on default starts a repossession order whose car is
already recovered (``repossession.order_from_pledge``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from autolend.collateral.conf import collateral_rules
from autolend.collateral.errors import CollateralError
from autolend.collateral.models import (
    ConditionGrade,
    CustodyDirection,
    CustodyItem,
    CustodyLog,
    Pledge,
    PledgeStatus,
    StorageFeePayment,
    Vehicle,
)
from autolend.collateral.services._common import (
    actor_or_none,
    amount_of,
    audit,
    date_of,
    fields,
    lock,
    lock_loan,
    now,
    text_of,
)
from autolend.collateral.services.documents import Upload, document_attach
from autolend.kernel.money import FEN, ZERO
from autolend.ledger.accounts import role_accounts
from autolend.ledger.chart import AccountRole as R
from autolend.ledger.rules import Leg
from autolend.ledger.services import journal_post

AUDITED = ("status", "location", "intake_on", "mileage_km", "condition", "daily_fee", "released_on", "disposed_on")
ALL_ITEMS = (CustodyItem.CAR, CustodyItem.KEYS, CustodyItem.REGISTRATION_CERTIFICATE)


def held_items(vehicle_id: int) -> set[str]:
    """Items whose last custody entry is ``in`` (in the lender's hands now)."""
    last: dict[str, str] = {}
    for item, direction in CustodyLog.objects.filter(vehicle_id=vehicle_id).order_by("id").values_list("item", "direction"):
        last[item] = direction
    return {item for item, direction in last.items() if direction == CustodyDirection.IN}


def _log(pledge: Pledge, item: str, direction: str, day: date, actor: Any, counterparty: str, note: str) -> CustodyLog:
    return CustodyLog.objects.create(vehicle_id=pledge.vehicle_id, pledge=pledge, item=item, direction=direction,
                                     on=day, at=now(), by=actor_or_none(actor), counterparty=counterparty[:120],
                                     note=note[:200])


def pledge_intake(vehicle: Vehicle | int, as_of: date, *, location: str, mileage_km: int, condition: str,
                  photos: Sequence[Upload], items: Sequence[str] = ALL_ITEMS, daily_fee: Decimal | str | None = None,
                  notes: str = "", counterparty: str = "", actor: Any = None) -> Pledge:
    """Take the car into custody after an inspection: at least one photo, the odometer, a grade."""
    day = date_of(as_of)
    place = text_of(location, "location", 120)
    if not photos:
        raise CollateralError("photos", "the intake inspection needs at least one photo")
    if str(condition) not in ConditionGrade.values:
        raise CollateralError("condition", f"must be one of {', '.join(ConditionGrade.values)}")
    if int(mileage_km) < 0:
        raise CollateralError("mileage_km", "must not be negative")
    unknown = set(items) - set(CustodyItem.values)
    if unknown or CustodyItem.CAR not in items:
        raise CollateralError("items", "must include the car, and only car, keys, registration_certificate")
    fee = amount_of(daily_fee, "daily_fee", allow_zero=True) if daily_fee is not None else collateral_rules().storage_daily_fee
    with transaction.atomic():
        car = lock(Vehicle, vehicle, "vehicle")
        if car.loan_id is None:
            raise CollateralError("vehicle", f"vehicle {car.vin} secures no loan")
        loan = lock_loan(car.loan_id)
        if loan.status not in ("pending_disbursement", "active"):
            raise CollateralError("loan", f"loan {loan.number} is {loan.status}: nothing to secure")
        pledge = Pledge(vehicle=car, loan=loan, location=place, intake_on=day, mileage_km=int(mileage_km),
                        condition=condition, inspection_notes=notes[:2000], daily_fee=fee, created_at=now())
        try:
            with transaction.atomic():
                pledge.save()
        except IntegrityError:
            raise CollateralError("vehicle", f"vehicle {car.vin} is already pledged and in custody") from None
        documents = [document_attach(car, photo, pledge=pledge, actor=actor) for photo in photos]
        for item in items:
            _log(pledge, item, CustodyDirection.IN, day, actor, counterparty, "intake")
        car.mileage_km, car.condition = max(car.mileage_km, int(mileage_km)), condition
        car.save(update_fields=["mileage_km", "condition"])
        audit("pledge_intake", pledge, actor=actor, before=None, after={
            **fields(pledge, *AUDITED), "photos": [d.sha256 for d in documents], "items": list(items)}, on=day)
        return pledge


def custody_record(pledge: Pledge | int, item: str, direction: str, as_of: date, *, counterparty: str = "",
                   note: str = "", actor: Any = None) -> CustodyLog:
    """Record one hand-over (e.g. the certificate out for the annual inspection, and back)."""
    day = date_of(as_of)
    if item not in CustodyItem.values:
        raise CollateralError("item", f"must be one of {', '.join(CustodyItem.values)}")
    if direction not in CustodyDirection.values:
        raise CollateralError("direction", "must be in or out")
    with transaction.atomic():
        row = lock(Pledge, pledge, "pledge")
        if row.status != PledgeStatus.IN_CUSTODY:
            raise CollateralError("status", f"pledge {row.pk} is {row.status}")
        held = item in held_items(row.vehicle_id)
        if direction == CustodyDirection.IN and held:
            raise CollateralError("item", f"the {item} is already in custody")
        if direction == CustodyDirection.OUT and not held:
            raise CollateralError("item", f"the {item} is not in custody")
        entry = _log(row, item, direction, day, actor, counterparty, note)
        audit("custody_record", row, actor=actor, before=None, after={"item": item, "direction": direction,
              "counterparty": counterparty[:120], "log": entry.pk}, on=day)
        return entry


def storage_fee_due(pledge: Pledge, as_of: date) -> Decimal:
    """Storage fees accrued to ``as_of`` (nights in custody × daily fee) less those paid or waived."""
    end = pledge.released_on or pledge.disposed_on or as_of
    nights = max(0, (min(end, as_of) - pledge.intake_on).days)
    settled = sum((p.amount for p in pledge.fee_payments.all()), ZERO)
    return max(ZERO, (pledge.daily_fee * nights).quantize(FEN) - settled)


def storage_fee_collect(pledge: Pledge | int, amount: Decimal | str, as_of: date, *, waive: bool = False,
                        actor: Any = None) -> StorageFeePayment:
    """Collect (Dr bank / Cr fee income, subledger = loan number) or waive storage fees."""
    day = date_of(as_of)
    value = amount_of(amount)
    with transaction.atomic():
        row = lock(Pledge, pledge, "pledge")
        return _fee_settle(row, value, day, waive=waive, actor=actor)


def _fee_settle(row: Pledge, value: Decimal, day: date, *, waive: bool, actor: Any) -> StorageFeePayment:
    due = storage_fee_due(row, day)
    if value > due:
        raise CollateralError("amount", f"is more than the storage fees due ({due})")
    entry = None
    if not waive:
        loan = row.loan
        codes = role_accounts(loan.product_code)
        entry = journal_post(entry_date=day, kind="storage_fee", actor=actor_or_none(actor),
                             description=f"Storage fees for pledge {row.pk} of {loan.number}",
                             reference=f"loan:{loan.number}",
                             legs=[Leg(codes[R.BANK], debit=value),
                                   Leg(codes[R.FEE_INCOME], credit=value, subledger=loan.number)])
    payment = StorageFeePayment.objects.create(pledge=row, amount=value, waived=waive, paid_on=day,
                                               journal_entry=entry, created_at=now(), created_by=actor_or_none(actor))
    audit("storage_fee_" + ("waive" if waive else "collect"), row, actor=actor, before=None,
          after={"amount": str(value), "payment": payment.pk, "journal_entry": getattr(entry, "pk", None)}, on=day)
    return payment


def pledge_release(pledge: Pledge | int, as_of: date, *, counterparty: str = "", actor: Any = None) -> Pledge:
    """Hand everything back once the loan is paid off and the storage fees are settled."""
    day = date_of(as_of)
    with transaction.atomic():
        row = lock(Pledge, pledge, "pledge")
        if row.status != PledgeStatus.IN_CUSTODY:
            raise CollateralError("status", f"cannot release: pledge {row.pk} is {row.status}")
        loan = lock_loan(row.loan_id)
        if loan.status not in ("paid_off", "cancelled"):
            raise CollateralError("loan", f"loan {loan.number} is {loan.status}: no release before payoff")
        due = storage_fee_due(row, day)
        if due > 0:
            raise CollateralError("storage_fee", f"{due} of storage fees is due: collect or waive it first")
        before = fields(row, *AUDITED)
        for item in sorted(held_items(row.vehicle_id)):
            _log(row, item, CustodyDirection.OUT, day, actor, counterparty, "release on payoff")
        row.status, row.released_on = PledgeStatus.RELEASED, day
        row.save(update_fields=["status", "released_on"])
        audit("pledge_release", row, actor=actor, before=before, after=fields(row, *AUDITED), on=day)
        return row


def pledge_dispose(pledge: Pledge | int, as_of: date, reason: str, actor: Any = None) -> Any:
    """Start disposal on default: the pledge goes into disposal and a repossession order is opened
    with the car already recovered (it is in our custody). Returns the order."""
    from autolend.collateral.services.repossession import order_from_pledge

    day = date_of(as_of)
    why = text_of(reason, "reason", 200)
    with transaction.atomic():
        row = lock(Pledge, pledge, "pledge")
        if row.status != PledgeStatus.IN_CUSTODY:
            raise CollateralError("status", f"cannot dispose: pledge {row.pk} is {row.status}")
        before = fields(row, *AUDITED)
        order = order_from_pledge(row, day, why, actor)
        row.status = PledgeStatus.IN_DISPOSAL
        row.save(update_fields=["status"])
        audit("pledge_dispose", row, actor=actor, before=before, after={**fields(row, *AUDITED), "order": order.pk},
              on=day)
        return order
