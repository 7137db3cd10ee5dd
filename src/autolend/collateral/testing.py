"""Helpers for tests and the demo: cars with valid VINs, a defaulted loan, trackers and points.

Not used by production code. The standard loan (``servicing.testing.disbursed_loan``) is
100,000.00 yuan disbursed 2024-01-15 with 12 monthly dues from 2024-02-15; never repaid, it is
126 days past due on ``DEFAULT_DAY`` (2024-06-20).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from autolend.collateral.models import GpsDevice, Vehicle
from autolend.collateral.services import device_install, vehicle_register
from autolend.integrations.gps import TelemetryPoint
from autolend.vehicles.vin import make_vin

DISBURSED = date(2024, 1, 15)
DEFAULT_DAY = date(2024, 6, 20)
SHANGHAI = (31.2304, 121.4737)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32  # enough bytes to stand for a photo


def vin_for(n: int, serial: str | None = None) -> str:
    """A valid BYD VIN (WMI LGX, model year 2022) with serial ``n`` (or the given 6 characters)."""
    return make_vin("LGX", "C16DF", 2022, "S", serial or f"{n:06d}")


def car_for(loan: Any = None, n: int = 1, *, actor: Any = None, serial: str | None = None, **changes: Any) -> Vehicle:
    """A 2022 BYD Qin PLUS (BEV, new price 150,000.00), declared in Shanghai with a 50 km fence."""
    values: dict[str, Any] = {
        "vin": vin_for(n, serial), "make": "BYD", "model": "Qin PLUS", "model_year": 2022, "new_price": "150000.00",
        "energy": "bev", "segment": "economy", "plate": f"沪A{n:05d}", "first_registered": date(2022, 3, 1),
        "mileage_km": 30000, "declared_province": "310000", "fence": (*SHANGHAI, 50_000.0), "loan": loan,
        "as_of": DISBURSED,
    }
    values.update(changes)
    return vehicle_register(actor=actor, **values)


def tracker(vehicle: Vehicle, n: int = 1, kind: str = "wired", on: date = DISBURSED) -> GpsDevice:
    return device_install(vehicle, f"86400000000{n:04d}", kind, on, technician="Li Si", position="under the dashboard",
                          fee="1500.00")


def point(device: GpsDevice | str, at: datetime, lat: float = SHANGHAI[0], lon: float = SHANGHAI[1],
          **changes: Any) -> TelemetryPoint:
    ident = device.external_id if isinstance(device, GpsDevice) else device
    return TelemetryPoint(ident, at, lat, lon, **changes)


def parked(device: GpsDevice | str, start: datetime, hours: float, lat: float = SHANGHAI[0], lon: float = SHANGHAI[1],
           every_minutes: int = 30) -> list[TelemetryPoint]:
    """Heartbeats of a parked car: one every ``every_minutes`` for ``hours``."""
    steps = int(hours * 60 // every_minutes) + 1
    return [point(device, start + timedelta(minutes=every_minutes * i), lat, lon) for i in range(steps)]


def utc(y: int, m: int, d: int, h: int = 0, minute: int = 0) -> datetime:
    return datetime(y, m, d, h, minute, tzinfo=UTC)
