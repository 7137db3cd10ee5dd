"""Collateral API, operations: pledge custody, GPS devices, repossession and remarketing.

A sub-router of ``collateral.api`` (same auth, errors and defaults; see that module). Photos of a
pledge intake come as base64 in JSON (``{"name", "content_type", "data_base64"}``), stored by
their SHA-256.
"""

from __future__ import annotations

import base64
import binascii
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from autolend.collateral.api_common import auth, day_of
from autolend.collateral.services import (
    custody_record,
    device_install,
    device_remove,
    listing_create,
    listing_sell,
    listing_withdraw,
    pledge_dispose,
    pledge_intake,
    pledge_release,
    repossession_assign,
    repossession_cost_add,
    repossession_order,
    repossession_recover,
    repossession_settle,
    storage_fee_collect,
)
from autolend.collateral.services.documents import Upload

router = Router(tags=["collateral"])


class Done(Schema):
    id: int
    status: str = ""


class AsOf(Schema):
    as_of: date | None = None


class PhotoIn(Schema):
    name: str
    content_type: str = "image/jpeg"
    data_base64: str


class PledgeIn(AsOf):
    location: str
    mileage_km: int
    condition: str
    photos: list[PhotoIn]
    items: list[str] = ["car", "keys", "registration_certificate"]
    daily_fee: Decimal | None = None
    notes: str = ""
    counterparty: str = ""


class CustodyIn(AsOf):
    item: str
    direction: str
    counterparty: str = ""
    note: str = ""


class FeeIn(AsOf):
    amount: Decimal
    waive: bool = False


class HandOverIn(AsOf):
    counterparty: str = ""


class DeviceIn(AsOf):
    external_id: str
    kind: str
    technician: str = ""
    position: str = ""
    fee: Decimal = Decimal(0)


class ReasonIn(AsOf):
    reason: str


class AgentIn(AsOf):
    agent_name: str


class RecoveredIn(AsOf):
    condition: str
    mileage_km: int
    storage_location: str


class CostIn(AsOf):
    kind: str
    amount: Decimal
    note: str = ""


class ListingIn(AsOf):
    channel: str
    reserve_price: Decimal | None = None


class SaleIn(AsOf):
    sale_price: Decimal
    buyer_name: str
    sale_reference: str = ""


class SettleIn(AsOf):
    deficiency: str = "keep"
    refund_account: str = ""


def _photos(items: list[PhotoIn]) -> list[Upload]:
    try:
        return [Upload(p.name, p.content_type, base64.b64decode(p.data_base64, validate=True)) for p in items]
    except (binascii.Error, ValueError):
        raise HttpError(400, "photos: data_base64 is not base64") from None


def _done(obj: Any) -> dict[str, Any]:
    return {"id": obj.pk, "status": getattr(obj, "status", "")}


@router.post("/vehicles/{vehicle_id}/pledges", response={201: Done}, auth=auth("pledge.manage"),
             summary="Take a pledged car into custody (intake inspection)")
def pledges_create(request: HttpRequest, vehicle_id: int, payload: PledgeIn) -> Status[dict[str, Any]]:
    pledge = pledge_intake(vehicle_id, day_of(payload.as_of), location=payload.location, mileage_km=payload.mileage_km,
                           condition=payload.condition, photos=_photos(payload.photos), items=payload.items,
                           daily_fee=payload.daily_fee, notes=payload.notes, counterparty=payload.counterparty,
                           actor=request.user)
    return Status(201, _done(pledge))


@router.post("/pledges/{pledge_id}/custody", response={201: Done}, auth=auth("pledge.manage"))
def pledges_custody(request: HttpRequest, pledge_id: int, payload: CustodyIn) -> Status[dict[str, Any]]:
    entry = custody_record(pledge_id, payload.item, payload.direction, day_of(payload.as_of),
                           counterparty=payload.counterparty, note=payload.note, actor=request.user)
    return Status(201, {"id": entry.pk, "status": entry.direction})


@router.post("/pledges/{pledge_id}/storage-fees", response={201: Done}, auth=auth("pledge.manage"))
def pledges_fee(request: HttpRequest, pledge_id: int, payload: FeeIn) -> Status[dict[str, Any]]:
    payment = storage_fee_collect(pledge_id, payload.amount, day_of(payload.as_of), waive=payload.waive,
                                  actor=request.user)
    return Status(201, {"id": payment.pk, "status": "waived" if payment.waived else "collected"})


@router.post("/pledges/{pledge_id}/release", response=Done, auth=auth("pledge.manage"))
def pledges_release(request: HttpRequest, pledge_id: int, payload: HandOverIn) -> dict[str, Any]:
    return _done(pledge_release(pledge_id, day_of(payload.as_of), counterparty=payload.counterparty,
                                actor=request.user))


@router.post("/pledges/{pledge_id}/dispose", response={201: Done}, auth=auth("repossession.manage"))
def pledges_dispose(request: HttpRequest, pledge_id: int, payload: ReasonIn) -> Status[dict[str, Any]]:
    return Status(201, _done(pledge_dispose(pledge_id, day_of(payload.as_of), payload.reason, request.user)))


@router.post("/vehicles/{vehicle_id}/gps-devices", response={201: Done}, auth=auth("gps.manage"))
def devices_create(request: HttpRequest, vehicle_id: int, payload: DeviceIn) -> Status[dict[str, Any]]:
    device = device_install(vehicle_id, payload.external_id, payload.kind, day_of(payload.as_of),
                            technician=payload.technician, position=payload.position, fee=payload.fee,
                            actor=request.user)
    return Status(201, _done(device))


@router.post("/gps-devices/{device_id}/remove", response=Done, auth=auth("gps.manage"))
def devices_remove(request: HttpRequest, device_id: int, payload: ReasonIn) -> dict[str, Any]:
    return _done(device_remove(device_id, day_of(payload.as_of), reason=payload.reason, actor=request.user))


@router.post("/vehicles/{vehicle_id}/repossessions", response={201: Done}, auth=auth("repossession.manage"))
def repossessions_create(request: HttpRequest, vehicle_id: int, payload: ReasonIn) -> Status[dict[str, Any]]:
    return Status(201, _done(repossession_order(vehicle_id, day_of(payload.as_of), payload.reason, request.user)))


@router.post("/repossessions/{order_id}/assign", response=Done, auth=auth("repossession.manage"))
def repossessions_assign(request: HttpRequest, order_id: int, payload: AgentIn) -> dict[str, Any]:
    return _done(repossession_assign(order_id, payload.agent_name, day_of(payload.as_of), request.user))


@router.post("/repossessions/{order_id}/recovered", response=Done, auth=auth("repossession.manage"))
def repossessions_recovered(request: HttpRequest, order_id: int, payload: RecoveredIn) -> dict[str, Any]:
    return _done(repossession_recover(order_id, day_of(payload.as_of), condition=payload.condition,
                                      mileage_km=payload.mileage_km, storage_location=payload.storage_location,
                                      actor=request.user))


@router.post("/repossessions/{order_id}/costs", response={201: Done}, auth=auth("repossession.manage"))
def repossessions_cost(request: HttpRequest, order_id: int, payload: CostIn) -> Status[dict[str, Any]]:
    cost = repossession_cost_add(order_id, payload.kind, payload.amount, day_of(payload.as_of), payload.note,
                                 request.user)
    return Status(201, {"id": cost.pk, "status": cost.kind})


@router.post("/repossessions/{order_id}/listings", response={201: Done}, auth=auth("remarketing.manage"))
def listings_create(request: HttpRequest, order_id: int, payload: ListingIn) -> Status[dict[str, Any]]:
    listing = listing_create(order_id, payload.channel, day_of(payload.as_of), payload.reserve_price, request.user)
    return Status(201, _done(listing))


@router.post("/listings/{listing_id}/sale", response=Done, auth=auth("remarketing.manage"))
def listings_sell(request: HttpRequest, listing_id: int, payload: SaleIn) -> dict[str, Any]:
    return _done(listing_sell(listing_id, payload.sale_price, payload.buyer_name, day_of(payload.as_of),
                              payload.sale_reference, request.user))


@router.post("/listings/{listing_id}/withdraw", response=Done, auth=auth("remarketing.manage"))
def listings_withdraw(request: HttpRequest, listing_id: int, payload: AsOf) -> dict[str, Any]:
    return _done(listing_withdraw(listing_id, day_of(payload.as_of), request.user))


@router.post("/repossessions/{order_id}/settle", response=Done, auth=auth("remarketing.manage"),
             summary="Apply the sale proceeds to the loan (deficiency kept or sent to write-off)")
def repossessions_settle(request: HttpRequest, order_id: int, payload: SettleIn) -> dict[str, Any]:
    return _done(repossession_settle(order_id, day_of(payload.as_of), request.user, deficiency=payload.deficiency,
                                     refund_account=payload.refund_account))
