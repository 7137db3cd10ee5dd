"""Collateral API for staff (mount: ``api.add_router("/collateral/", router)``).

Signed-in staff only (Django session, CSRF-checked); each endpoint names the permission it needs
(``identity.permissions``): 401 signed out, 403 without the permission. A refused transition or a
bad value is 400 ``{"detail": [{"loc": ["body", field], "msg": ...}]}``. ``as_of`` defaults to the
business date. Vehicles, valuations, mortgages and alerts are here; custody, GPS devices,
repossession and remarketing in ``api_operations`` (a sub-router of this one).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from autolend.collateral import selectors
from autolend.collateral.api_common import auth, day_of
from autolend.collateral.api_operations import router as operations_router
from autolend.collateral.models import CollateralAlert, MortgageRegistration, Vehicle
from autolend.collateral.services import (
    alert_close,
    collateral_revalue,
    mortgage_cancel,
    mortgage_poll,
    mortgage_register,
    mortgage_release_confirm,
    mortgage_release_request,
    mortgage_request,
    mortgage_submit,
    valuation_appraise,
    vehicle_register,
)

router = Router(tags=["collateral"])


class VehicleIn(Schema):
    vin: str
    make: str
    model: str
    model_year: int
    new_price: Decimal
    energy: str = "ice"
    use: str = "self_use"
    segment: str = "economy"
    plate: str = ""
    first_registered: date | None = None
    mileage_km: int = 0
    condition: str = "B"
    declared_province: str = ""
    fence_lat: float | None = None
    fence_lon: float | None = None
    fence_radius_m: float | None = None
    loan_number: str = ""
    as_of: date | None = None


class Done(Schema):
    id: int
    status: str = ""


class AsOf(Schema):
    as_of: date | None = None


class RegisteredIn(AsOf):
    certificate_number: str
    registered_on: date


class ReleasedIn(AsOf):
    released_on: date


class ReasonIn(AsOf):
    reason: str


class AppraisalIn(AsOf):
    value: Decimal
    low: Decimal | None = None
    high: Decimal | None = None
    note: str = ""


class RevalueIn(AsOf):
    method: str = "depreciation"


class CloseIn(AsOf):
    resolution: str


@router.post("/vehicles", response={201: Done}, auth=auth("collateral.manage"), summary="Register a vehicle")
def vehicles_create(request: HttpRequest, payload: VehicleIn) -> Status[dict[str, Any]]:
    from autolend.servicing.selectors import loan_get

    data = payload.dict()
    loan = loan_get(data.pop("loan_number")) if payload.loan_number else None
    fence = None
    lat, lon, radius = data.pop("fence_lat"), data.pop("fence_lon"), data.pop("fence_radius_m")
    if lat is not None and lon is not None and radius is not None:
        fence = (lat, lon, radius)
    data["as_of"] = day_of(data.pop("as_of"))
    car = vehicle_register(**data, fence=fence, loan=loan, actor=request.user)
    return Status(201, {"id": car.pk})


@router.get("/vehicles/{vehicle_id}", auth=auth("collateral.view"), summary="A vehicle's collateral file")
def vehicles_detail(request: HttpRequest, vehicle_id: int) -> dict[str, Any]:
    get_object_or_404(Vehicle, pk=vehicle_id)
    return selectors.vehicle_detail(vehicle_id)


@router.post("/vehicles/{vehicle_id}/appraisals", response={201: Done}, auth=auth("collateral.manage"))
def vehicles_appraise(request: HttpRequest, vehicle_id: int, payload: AppraisalIn) -> Status[dict[str, Any]]:
    valuation = valuation_appraise(vehicle_id, day_of(payload.as_of), payload.value, payload.low, payload.high,
                                   request.user, payload.note)
    return Status(201, {"id": valuation.pk})


@router.post("/revaluations", auth=auth("eod.run"), summary="Revalue the cars of active loans (LTV alerts)")
def revalue(request: HttpRequest, payload: RevalueIn) -> dict[str, Any]:
    return collateral_revalue(day_of(payload.as_of), method=payload.method).as_json()


@router.post("/vehicles/{vehicle_id}/mortgages", response={201: Done}, auth=auth("mortgage.manage"),
             summary="Request the mortgage registration")
def mortgages_create(request: HttpRequest, vehicle_id: int, payload: AsOf) -> Status[dict[str, Any]]:
    reg = mortgage_request(vehicle_id, day_of(payload.as_of), request.user)
    return Status(201, {"id": reg.pk, "status": reg.status})


@router.post("/mortgages/{reg_id}/submit", response=Done, auth=auth("mortgage.manage"),
             summary="File the registration with the office")
def mortgages_submit(request: HttpRequest, reg_id: int, payload: AsOf) -> dict[str, Any]:
    reg = mortgage_submit(get_object_or_404(MortgageRegistration, pk=reg_id), day_of(payload.as_of), request.user)
    return {"id": reg.pk, "status": reg.status}


@router.post("/mortgages/{reg_id}/poll", response=Done, auth=auth("mortgage.manage"),
             summary="Ask the office where a filing or a release stands")
def mortgages_poll(request: HttpRequest, reg_id: int, payload: AsOf) -> dict[str, Any]:
    reg = mortgage_poll(get_object_or_404(MortgageRegistration, pk=reg_id), day_of(payload.as_of), request.user)
    return {"id": reg.pk, "status": reg.status}


@router.post("/mortgages/{reg_id}/release-request", response=Done, auth=auth("mortgage.manage"),
             summary="Request the release (解押), once the loan is settled")
def mortgages_release_request(request: HttpRequest, reg_id: int, payload: AsOf) -> dict[str, Any]:
    reg = mortgage_release_request(get_object_or_404(MortgageRegistration, pk=reg_id), day_of(payload.as_of),
                                   request.user)
    return {"id": reg.pk, "status": reg.status}


@router.post("/mortgages/{reg_id}/registered", response=Done, auth=auth("mortgage.manage"))
def mortgages_registered(request: HttpRequest, reg_id: int, payload: RegisteredIn) -> dict[str, Any]:
    reg = mortgage_register(reg_id, payload.certificate_number, payload.registered_on, day_of(payload.as_of),
                            request.user)
    return {"id": reg.pk, "status": reg.status}


@router.post("/mortgages/{reg_id}/released", response=Done, auth=auth("mortgage.manage"))
def mortgages_released(request: HttpRequest, reg_id: int, payload: ReleasedIn) -> dict[str, Any]:
    reg = mortgage_release_confirm(reg_id, payload.released_on, day_of(payload.as_of), request.user)
    return {"id": reg.pk, "status": reg.status}


@router.post("/mortgages/{reg_id}/cancel", response=Done, auth=auth("mortgage.manage"))
def mortgages_cancel(request: HttpRequest, reg_id: int, payload: ReasonIn) -> dict[str, Any]:
    reg = mortgage_cancel(reg_id, payload.reason, day_of(payload.as_of), request.user)
    return {"id": reg.pk, "status": reg.status}


@router.get("/alerts", auth=auth("collateral.view"), summary="Collateral alerts (early warning, collections)")
def alerts(request: HttpRequest, open: bool = True, kind: str = "", loan: str = "", limit: int = 200) -> list[dict[str, Any]]:
    return [selectors.alert_json(a) for a in selectors.alerts_list(open_only=open, kind=kind, loan=loan,
                                                                    limit=min(limit, 1000))]


@router.post("/alerts/{alert_id}/close", response=Done, auth=auth("gps.manage"), summary="Close an alert")
def alerts_close_one(request: HttpRequest, alert_id: int, payload: CloseIn) -> dict[str, Any]:
    get_object_or_404(CollateralAlert, pk=alert_id)
    alert = alert_close(alert_id, request.user, payload.resolution, day_of(payload.as_of))
    return {"id": alert.pk, "status": "closed"}


router.add_router("", operations_router)
