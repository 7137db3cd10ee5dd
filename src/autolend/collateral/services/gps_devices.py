"""GPS devices (GPS安装): installing a tracker in a car and removing it, with install records.

A car usually carries one wired tracker (powered by the car: a power cut is a warning sign) and
one wireless one (battery, hidden). The installation fee (typically ¥1,000–3,000, charged to the
buyer) is recorded on the install record; charging it is origination's business, not this one's.
Removing a device closes its open alerts (nothing more will be heard from it).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from autolend.collateral.errors import CollateralError
from autolend.collateral.models import (
    CollateralAlert,
    DeviceKind,
    DeviceStatus,
    GpsDevice,
    GpsInstall,
    Vehicle,
)
from autolend.collateral.services._common import (
    actor_or_none,
    amount_of,
    audit,
    date_of,
    fields,
    lock,
    now,
    text_of,
)

AUDITED = ("external_id", "kind", "status", "installed_on", "removed_on", "vehicle_id")


def device_install(vehicle: Vehicle | int, external_id: str, kind: str, as_of: date, *, technician: str = "",
                   position: str = "", fee: Decimal | str = "0", note: str = "", actor: Any = None) -> GpsDevice:
    """Install a tracker (``external_id``: its IMEI or the platform's id) in the car."""
    day = date_of(as_of)
    ident = text_of(external_id, "external_id", 40)
    if kind not in DeviceKind.values:
        raise CollateralError("kind", "must be wired or wireless")
    price = amount_of(fee, "fee", allow_zero=True)
    with transaction.atomic():
        car = lock(Vehicle, vehicle, "vehicle")
        try:
            with transaction.atomic():
                device = GpsDevice.objects.create(vehicle=car, external_id=ident, kind=kind, installed_on=day,
                                                  created_at=now())
        except IntegrityError:
            raise CollateralError("external_id", f"device {ident} is already registered") from None
        GpsInstall.objects.create(device=device, action="install", on=day, technician=technician[:80],
                                  position=position[:80], fee=price, note=note[:200], by=actor_or_none(actor),
                                  created_at=now())
        audit("gps_install", device, actor=actor, before=None, after={**fields(device, *AUDITED), "fee": str(price)},
              on=day)
        return device


def device_remove(device: GpsDevice | int, as_of: date, *, reason: str, technician: str = "",
                  actor: Any = None) -> GpsDevice:
    """Take a tracker out (loan settled, device replaced or broken); its open alerts close."""
    day = date_of(as_of)
    why = text_of(reason, "reason", 200)
    with transaction.atomic():
        row = lock(GpsDevice, device, "device")
        if row.status != DeviceStatus.ACTIVE:
            raise CollateralError("status", f"device {row.external_id} is already removed")
        before = fields(row, *AUDITED)
        row.status, row.removed_on = DeviceStatus.REMOVED, day
        row.save(update_fields=["status", "removed_on"])
        GpsInstall.objects.create(device=row, action="remove", on=day, technician=technician[:80], note=why,
                                  by=actor_or_none(actor), created_at=now())
        CollateralAlert.objects.filter(device=row, is_open=True).update(
            is_open=False, closed_at=now(), resolution=f"device removed: {why}"[:200])
        audit("gps_remove", row, actor=actor, before=before, after=fields(row, *AUDITED), on=day)
        return row
