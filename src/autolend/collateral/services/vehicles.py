"""Registering a vehicle as collateral, linking it to its loan, and recording an appraisal."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from autolend.collateral.errors import CollateralError
from autolend.collateral.models import (
    ConditionGrade,
    EnergyType,
    Segment,
    Valuation,
    ValuationMethod,
    Vehicle,
    VehicleUse,
)
from autolend.collateral.regions import province
from autolend.collateral.services._common import (
    amount_of,
    audit,
    date_of,
    fields,
    lock,
    lock_loan,
    now,
    text_of,
)
from autolend.vehicles.vin import vin_check

VEHICLE_AUDIT = ("vin", "make", "model", "model_year", "energy", "use", "segment", "plate", "new_price",
                 "first_registered", "mileage_km", "condition", "loan_id", "declared_province")


def _choice(value: Any, choices: Any, field: str) -> str:
    text = str(value or "").strip()
    if text not in choices.values:
        raise CollateralError(field, f"must be one of {', '.join(choices.values)}")
    return text


def vehicle_register(
    *, vin: str, make: str, model: str, model_year: int, new_price: Decimal | str, as_of: date,
    energy: str = EnergyType.ICE, use: str = VehicleUse.SELF_USE, segment: str = Segment.ECONOMY,
    plate: str = "", first_registered: date | None = None, mileage_km: int = 0, condition: str = "B",
    declared_province: str = "", fence: tuple[float, float, float] | None = None, loan: Any = None,
    actor: Any = None,
) -> Vehicle:
    """Register a car as collateral. The VIN must pass ``vehicles.vin.vin_check`` (ISO 3779 /
    GB 16735) and be new here; ``fence`` is (lat, lon, radius in metres) of the declared area."""
    day = date_of(as_of)
    check = vin_check(vin, reference_year=day.year)
    if not check["valid"]:
        raise CollateralError("vin", "; ".join(e["message_en"] for e in check["errors"]))
    if not 1950 <= int(model_year) <= day.year + 1:
        raise CollateralError("model_year", f"must be between 1950 and {day.year + 1}")
    if declared_province and province(declared_province) is None:
        raise CollateralError("declared_province", f"unknown province code {declared_province!r}")
    if first_registered is not None and date_of(first_registered, "first_registered") > day:
        raise CollateralError("first_registered", "is after the business date")
    if int(mileage_km) < 0:
        raise CollateralError("mileage_km", "must not be negative")
    fence_lat = fence_lon = fence_radius = None
    if fence is not None:
        fence_lat, fence_lon, fence_radius = (float(x) for x in fence)
        if not (-90 <= fence_lat <= 90 and -180 <= fence_lon <= 180 and fence_radius > 0):
            raise CollateralError("fence", "needs a latitude, a longitude and a positive radius in metres")
    vehicle = Vehicle(
        vin=check["vin"], make=text_of(make, "make", 60), model=text_of(model, "model", 80), model_year=int(model_year),
        energy=_choice(energy, EnergyType, "energy"), use=_choice(use, VehicleUse, "use"),
        segment=_choice(segment, Segment, "segment"), plate=text_of(plate, "plate", 16, required=False),
        new_price=amount_of(new_price, "new_price"), first_registered=first_registered, mileage_km=int(mileage_km),
        condition=_choice(condition, ConditionGrade, "condition"), declared_province=declared_province,
        fence_lat=fence_lat, fence_lon=fence_lon, fence_radius_m=fence_radius,
        loan_id=getattr(loan, "pk", loan), created_at=now(),
    )
    try:
        with transaction.atomic():
            vehicle.save()
            audit("vehicle_register", vehicle, actor=actor, before=None, after=fields(vehicle, *VEHICLE_AUDIT), on=day)
    except IntegrityError:
        if Vehicle.objects.filter(vin=vehicle.vin).exists():
            raise CollateralError("vin", f"vehicle {vehicle.vin} is already registered") from None
        raise
    return vehicle


def vehicle_loan_link(vehicle: Vehicle | int, loan: Any, as_of: date, actor: Any = None) -> Vehicle:
    """Tie the car to the loan it secures (once; a car secures one loan at a time)."""
    day = date_of(as_of)
    with transaction.atomic():
        row = lock(Vehicle, vehicle, "vehicle")
        if row.loan_id is not None and row.loan_id != loan.pk:
            raise CollateralError("loan", f"vehicle {row.vin} already secures loan {row.loan_id}")
        lock_loan(loan.pk)
        before = fields(row, "loan_id")
        row.loan_id = loan.pk
        row.save(update_fields=["loan"])
        audit("vehicle_loan_link", row, actor=actor, before=before, after=fields(row, "loan_id"), on=day)
        return row


def valuation_appraise(vehicle: Vehicle | int, as_of: date, value: Decimal | str, low: Decimal | str | None = None,
                       high: Decimal | str | None = None, actor: Any = None, note: str = "") -> Valuation:
    """Record an appraiser's valuation (评估) of the car on ``as_of`` (yuan)."""
    day = date_of(as_of)
    amount = amount_of(value, "value")
    lo = amount_of(low, "low") if low is not None else amount
    hi = amount_of(high, "high") if high is not None else amount
    if not lo <= amount <= hi:
        raise CollateralError("value", "must lie between low and high")
    with transaction.atomic():
        row = lock(Vehicle, vehicle, "vehicle")
        if Valuation.objects.filter(vehicle=row, as_of=day, method=ValuationMethod.APPRAISAL).exists():
            raise CollateralError("as_of", f"vehicle {row.vin} already has an appraisal on {day}")
        valuation = Valuation.objects.create(
            vehicle=row, as_of=day, method=ValuationMethod.APPRAISAL, value=amount, low=lo, high=hi,
            model_version="appraisal", detail={"note": note[:200]}, created_at=now())
        audit("valuation_appraise", row, actor=actor, before=None,
              after={"valuation": valuation.pk, "value": str(amount), "as_of": day.isoformat()}, on=day)
        return valuation
