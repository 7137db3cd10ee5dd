"""Repossession (收车): order → agent assigned → recovered (condition, storage), with costs.

An order needs the loan in default: active and overdue by at least ``rules.repossession_min_dpd``
days (counted from the oldest unpaid due, read through servicing's selectors), or already written
off. One order per car is open at a time. Costs (agent, towing, storage, auction, repairs) are
recorded as they arise and deducted from the sale proceeds (``services.proceeds``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from autolend.collateral.conf import collateral_rules
from autolend.collateral.errors import CollateralError
from autolend.collateral.models import (
    ConditionGrade,
    CostKind,
    Pledge,
    RepossessionCost,
    RepossessionOrder,
    RepossessionStatus,
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

S = RepossessionStatus
AUDITED = ("status", "agent_name", "assigned_on", "recovered_on", "recovered_condition", "recovered_mileage_km",
           "storage_location")


def days_past_due(loan: Any, as_of: date) -> int:
    """Days since the oldest current due still unpaid on ``as_of`` fell due (0 when none)."""
    from autolend.servicing.selectors import current_dues, owed_total

    unpaid = [row.due_date for row in current_dues(loan) if row.due_date < as_of and owed_total(row) > 0]
    return (as_of - min(unpaid)).days if unpaid else 0


def _check_default(loan: Any, day: date) -> int:
    if loan.status == "written_off":
        return days_past_due(loan, day)
    if loan.status != "active":
        raise CollateralError("loan", f"loan {loan.number} is {loan.status}: no repossession")
    dpd, needed = days_past_due(loan, day), collateral_rules().repossession_min_dpd
    if dpd < needed:
        raise CollateralError("loan", f"loan {loan.number} is {dpd} days past due: repossession needs {needed}")
    return dpd


def _create(order: RepossessionOrder) -> RepossessionOrder:
    try:
        with transaction.atomic():
            order.save()
    except IntegrityError:
        raise CollateralError("vehicle", f"vehicle {order.vehicle_id} already has an open repossession") from None
    return order


def repossession_order(vehicle: Vehicle | int, as_of: date, reason: str, actor: Any = None) -> RepossessionOrder:
    """Order the repossession of a car whose loan is in default."""
    day = date_of(as_of)
    why = text_of(reason, "reason", 200)
    with transaction.atomic():
        car = lock(Vehicle, vehicle, "vehicle")
        if car.loan_id is None:
            raise CollateralError("vehicle", f"vehicle {car.vin} secures no loan")
        loan = lock_loan(car.loan_id)
        dpd = _check_default(loan, day)
        order = _create(RepossessionOrder(loan=loan, vehicle=car, reason=why, ordered_on=day,
                                          ordered_by=actor_or_none(actor), created_at=now()))
        audit("repossession_order", order, actor=actor, before=None,
              after={**fields(order, *AUDITED), "loan": loan.number, "days_past_due": dpd}, on=day)
        return order


def order_from_pledge(pledge: Pledge, day: date, reason: str, actor: Any = None) -> RepossessionOrder:
    """A repossession order for a pledged car: recovered already (in our custody). Called by
    ``pledge_dispose`` inside its transaction, the pledge row locked."""
    loan = lock_loan(pledge.loan_id)
    _check_default(loan, day)
    order = _create(RepossessionOrder(
        loan=loan, vehicle_id=pledge.vehicle_id, pledge=pledge, status=S.RECOVERED, reason=reason, ordered_on=day,
        ordered_by=actor_or_none(actor), recovered_on=day, recovered_condition=pledge.condition,
        recovered_mileage_km=pledge.mileage_km, storage_location=pledge.location, created_at=now()))
    audit("repossession_order", order, actor=actor, before=None,
          after={**fields(order, *AUDITED), "loan": loan.number, "pledge": pledge.pk}, on=day)
    return order


def _step(order: RepossessionOrder | int, allowed: tuple[str, ...], doing: str) -> tuple[RepossessionOrder, dict[str, Any]]:
    row = lock(RepossessionOrder, order, "order")
    if row.status not in allowed:
        raise CollateralError("status", f"cannot {doing}: repossession {row.pk} is {row.status}")
    return row, fields(row, *AUDITED)


def repossession_assign(order: RepossessionOrder | int, agent_name: str, as_of: date, actor: Any = None) -> RepossessionOrder:
    """Give the order to a recovery agent (收车公司)."""
    day = date_of(as_of)
    agent = text_of(agent_name, "agent_name", 120)
    with transaction.atomic():
        row, before = _step(order, (S.ORDERED, S.ASSIGNED), "assign an agent")
        row.status, row.agent_name, row.assigned_on = S.ASSIGNED, agent, day
        row.save(update_fields=["status", "agent_name", "assigned_on"])
        audit("repossession_assign", row, actor=actor, before=before, after=fields(row, *AUDITED), on=day)
        return row


def repossession_recover(order: RepossessionOrder | int, as_of: date, *, condition: str, mileage_km: int,
                         storage_location: str, actor: Any = None) -> RepossessionOrder:
    """The agent has the car: its condition, odometer and where it is stored."""
    day = date_of(as_of)
    if condition not in ConditionGrade.values:
        raise CollateralError("condition", f"must be one of {', '.join(ConditionGrade.values)}")
    if int(mileage_km) < 0:
        raise CollateralError("mileage_km", "must not be negative")
    place = text_of(storage_location, "storage_location", 120)
    with transaction.atomic():
        row, before = _step(order, (S.ASSIGNED,), "record the recovery")
        row.status, row.recovered_on, row.recovered_condition = S.RECOVERED, day, condition
        row.recovered_mileage_km, row.storage_location = int(mileage_km), place
        row.save(update_fields=["status", "recovered_on", "recovered_condition", "recovered_mileage_km",
                                "storage_location"])
        Vehicle.objects.filter(pk=row.vehicle_id, mileage_km__lt=int(mileage_km)).update(mileage_km=int(mileage_km))
        Vehicle.objects.filter(pk=row.vehicle_id).update(condition=condition)
        audit("repossession_recover", row, actor=actor, before=before, after=fields(row, *AUDITED), on=day)
        return row


def repossession_cost_add(order: RepossessionOrder | int, kind: str, amount: Decimal | str, as_of: date,
                          note: str = "", actor: Any = None) -> RepossessionCost:
    """Record a cost of recovering, storing or selling the car (deducted from the proceeds)."""
    day = date_of(as_of)
    value = amount_of(amount)
    if kind not in CostKind.values:
        raise CollateralError("kind", f"must be one of {', '.join(CostKind.values)}")
    with transaction.atomic():
        row, _ = _step(order, (S.ORDERED, S.ASSIGNED, S.RECOVERED, S.LISTED, S.SOLD), "add a cost")
        cost = RepossessionCost.objects.create(order=row, kind=kind, amount=value, incurred_on=day, note=note[:200],
                                               created_at=now())
        audit("repossession_cost_add", row, actor=actor, before=None,
              after={"cost": cost.pk, "kind": kind, "amount": str(value)}, on=day)
        return cost


def repossession_cancel(order: RepossessionOrder | int, reason: str, as_of: date, actor: Any = None) -> RepossessionOrder:
    """Call off an order before the car is recovered (e.g. the borrower paid the arrears)."""
    day = date_of(as_of)
    why = text_of(reason, "reason", 200)
    with transaction.atomic():
        row, before = _step(order, (S.ORDERED, S.ASSIGNED), "cancel")
        row.status, row.closed_on = S.CANCELLED, day
        row.save(update_fields=["status", "closed_on"])
        audit("repossession_cancel", row, actor=actor, before=before, after={**fields(row, *AUDITED), "reason": why},
              on=day)
        return row
