"""Ingesting a batch of GPS telemetry: bulk insert, rules evaluated once per batch.

``telemetry_ingest(points)`` does, in one transaction and a fixed number of statements whatever
the batch size: look up the devices; create and lock their rule states (by device id, so two
batches for the same device queue instead of both moving its state from the same starting point);
insert the points (a point already stored — a retried webhook — is skipped by the unique index);
evaluate ``gps_rules.evaluate`` over the whole batch; save the new states (one upsert); open the alerts found
and close the offline / no-movement alerts of devices that reported / moved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction

from autolend.collateral.conf import collateral_rules
from autolend.collateral.errors import CollateralError
from autolend.collateral.gps_rules import (
    DeviceContext,
    DeviceState,
    Place,
    Point,
    RuleSet,
    evaluate,
)
from autolend.collateral.kinds import AlertKind
from autolend.collateral.models import DeviceStatus, GpsDevice, GpsDeviceState, RiskPlace
from autolend.collateral.regions import province
from autolend.collateral.services._common import now
from autolend.collateral.services.alerts import AlertSpec, alert_key, alerts_close, alerts_open
from autolend.collateral.services.gps_store import points_insert
from autolend.integrations.gps import TelemetryPoint

MAX_POINTS = 10_000
FUTURE_TOLERANCE = timedelta(minutes=10)
STATE_FIELDS = ["last_seen_at", "anchor_lat", "anchor_lon", "last_moved_at", "place", "place_since"]


@dataclass(frozen=True)
class IngestResult:
    received: int
    stored: int  # points of known devices offered to the database (duplicates are skipped there)
    unknown_devices: int
    future_points: int
    alerts_opened: int
    alerts_closed: int

    def as_json(self) -> dict[str, int]:
        return dict(self.__dict__)


def telemetry_parse(payload: Any) -> list[TelemetryPoint]:
    """The points of a webhook body ``{"points": [...]}``; CollateralError names the bad field."""
    if not isinstance(payload, dict) or not isinstance(payload.get("points"), list):
        raise CollateralError("points", 'expected {"points": [...]}')
    raw = payload["points"]
    if len(raw) > MAX_POINTS:
        raise CollateralError("points", f"at most {MAX_POINTS} points per batch")
    out: list[TelemetryPoint] = []
    for i, item in enumerate(raw):
        where = f"points[{i}]"
        try:
            at = datetime.fromisoformat(str(item["time"]).replace("Z", "+00:00"))
            lat, lon = float(item["lat"]), float(item["lon"])
            speed = float(item.get("speed", 0) or 0)
            device = str(item["device"]).strip()
        except (KeyError, TypeError, ValueError, AttributeError):
            raise CollateralError(where, "needs device, time (ISO 8601), lat and lon") from None
        if at.tzinfo is None:
            raise CollateralError(f"{where}.time", "needs a UTC offset")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or speed < 0 or not device:
            raise CollateralError(where, "latitude, longitude or speed out of range")
        power = item.get("power", "main") or "main"
        if power not in ("main", "battery", "cut"):
            raise CollateralError(f"{where}.power", "must be main, battery or cut")
        out.append(TelemetryPoint(device, at, lat, lon, speed, bool(item.get("ignition", False)), power,
                                  bool(item.get("tamper", False))))
    return out


def telemetry_ingest(points: Sequence[TelemetryPoint], received_at: datetime | None = None) -> IngestResult:
    """Store ``points`` and apply the GPS rules to them; see the module docstring."""
    received = received_at or now()
    rules = collateral_rules()
    ruleset = RuleSet(rules.gps_movement_m, rules.gps_risky_stay_hours, rules.gps_geofence_grace_m)
    devices = {row[1]: row for row in GpsDevice.objects.filter(
        external_id__in={p.device_id for p in points}, status=DeviceStatus.ACTIVE).values_list(
        "id", "external_id", "vehicle_id", "vehicle__loan_id", "vehicle__declared_province", "vehicle__fence_lat",
        "vehicle__fence_lon", "vehicle__fence_radius_m")}
    limit = received + FUTURE_TOLERANCE
    known = [p for p in points if p.device_id in devices and p.at <= limit]
    unknown = len({p.device_id for p in points} - devices.keys())
    future = sum(1 for p in points if p.device_id in devices and p.at > limit)
    if not known:
        return IngestResult(len(points), 0, unknown, future, 0, 0)
    ids = sorted({devices[p.device_id][0] for p in known})
    by_id = {row[0]: row for row in devices.values()}
    with transaction.atomic():
        GpsDeviceState.objects.bulk_create([GpsDeviceState(device_id=d) for d in ids], ignore_conflicts=True)
        states = {s.device_id: s for s in GpsDeviceState.objects.select_for_update().filter(
            device_id__in=ids).order_by("device_id")}
        points_insert([(devices[p.device_id][0], p.at, p.lat, p.lon, p.speed_kmh, p.ignition, p.power, p.tamper,
                        received) for p in known])
        contexts = {d: _context(by_id[d], states[d]) for d in ids}
        places = [Place(*row) for row in RiskPlace.objects.filter(active=True).values_list("id", "lat", "lon", "radius_m")]
        batch = [Point(devices[p.device_id][0], p.at, p.lat, p.lon, p.speed_kmh, p.ignition, p.power, p.tamper)
                 for p in known]
        result = evaluate(batch, contexts, places, ruleset)
        # One INSERT … ON CONFLICT DO UPDATE for every changed state (the rows exist and are
        # locked above); Django's bulk_update would build a CASE per row and field.
        GpsDeviceState.objects.bulk_create(
            [GpsDeviceState(device_id=d, last_seen_at=n.last_seen_at, anchor_lat=n.anchor_lat, anchor_lon=n.anchor_lon,
                            last_moved_at=n.last_moved_at, place_id=n.place_id, place_since=n.place_since)
             for d, n in result.states.items()],
            update_conflicts=True, unique_fields=["device"], update_fields=STATE_FIELDS, batch_size=1000)
        specs = [AlertSpec(f.kind, alert_key(f.kind, "device", f.device), f.at, loan_id=by_id[f.device][3],
                           vehicle_id=by_id[f.device][2], device_id=f.device, detail=dict(f.detail))
                 for f in result.findings]
        opened = alerts_open(specs, rules.version)
        closed = alerts_close([alert_key(AlertKind.GPS_OFFLINE, "device", d) for d in result.states], received,
                              "device reported again")
        closed += alerts_close([alert_key(AlertKind.GPS_NO_MOVEMENT, "device", d) for d in result.moved], received,
                               "vehicle moved")
    return IngestResult(len(points), len(known), unknown, future, opened, closed)


def _context(row: tuple[Any, ...], state: GpsDeviceState) -> DeviceContext:
    _, _, _, _, code, fence_lat, fence_lon, fence_radius = row
    remembered = DeviceState(state.last_seen_at, state.anchor_lat, state.anchor_lon, state.last_moved_at,
                             state.place_id, state.place_since)
    return DeviceContext(remembered, province(code) if code else None, fence_lat, fence_lon, fence_radius)
