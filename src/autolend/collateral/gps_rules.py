"""GPS alert rules over one telemetry batch (pure: numpy, no Django, no clock).

``evaluate(batch, contexts, places, rules)`` looks at every point of the batch at once
(vectorized over points, one pass per device for the state) and returns the findings and each
reporting device's new state:

* tamper (防拆) and power cut (断电): any point with the flag / power "cut";
* outside the declared province (bounding box, ``regions``) or the vehicle's circular geofence;
* at a listed risky place (second-hand-car market, pawnshop…) for ``gps_risky_stay_hours`` or
  more: every run of consecutive points at one place counts, from its first point to its last
  (a run that continues from the previous batch starts where that batch's run started);
* movement: a point farther than ``gps_movement_m`` from the anchor (the position where the car
  last moved) moves the anchor and sets ``last_moved_at``.

Only points newer than the device's ``last_seen_at`` change its state (a retried or late batch
never moves the state back); every point counts for the instantaneous rules. The time rules
that need no point (offline, no movement for days, a stay that goes on without reports) are
checked by the sweep, from the states this returns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np

from autolend.collateral.geo import distance_m
from autolend.collateral.kinds import AlertKind
from autolend.collateral.regions import Province

POWER_CODES = {"main": 0, "battery": 1, "cut": 2}


@dataclass(frozen=True)
class Point:
    """One telemetry point of a known device (``device``: its database id)."""

    device: int
    at: datetime  # aware
    lat: float
    lon: float
    speed_kmh: float = 0.0
    ignition: bool = False
    power: str = "main"  # main | battery | cut
    tamper: bool = False


@dataclass(frozen=True)
class DeviceState:
    """What the rules remember of a device between batches."""

    last_seen_at: datetime | None = None
    anchor_lat: float | None = None
    anchor_lon: float | None = None
    last_moved_at: datetime | None = None
    place_id: int | None = None
    place_since: datetime | None = None


@dataclass(frozen=True)
class DeviceContext:
    """The device's vehicle area and its remembered state."""

    state: DeviceState = field(default_factory=DeviceState)
    province: Province | None = None
    fence_lat: float | None = None
    fence_lon: float | None = None
    fence_radius_m: float | None = None


@dataclass(frozen=True)
class Place:
    """A listed risky place: a circle of ``radius_m`` metres."""

    id: int
    lat: float
    lon: float
    radius_m: float


@dataclass(frozen=True)
class Finding:
    """Evidence for an alert on ``device``: the kind, when it was first seen, details."""

    device: int
    kind: AlertKind
    at: datetime
    detail: Mapping[str, Any]


@dataclass(frozen=True)
class BatchResult:
    findings: list[Finding]
    states: dict[int, DeviceState]  # new state of each device with points newer than its state
    moved: frozenset[int]  # devices that moved in this batch


@dataclass(frozen=True)
class RuleSet:
    """The GPS part of ``conf.CollateralRules``."""

    movement_m: float = 300.0
    risky_stay_hours: float = 2.0
    geofence_grace_m: float = 0.0


def _dt(seconds: float) -> datetime:
    return datetime.fromtimestamp(float(seconds), UTC)


def evaluate(points: Sequence[Point], contexts: Mapping[int, DeviceContext], places: Sequence[Place],
             rules: RuleSet) -> BatchResult:
    """Findings and new device states for ``points`` (devices missing from ``contexts`` are skipped)."""
    pts = [p for p in points if p.device in contexts]
    if not pts:
        return BatchResult([], {}, frozenset())
    dev = np.array([p.device for p in pts], dtype=np.int64)
    ts = np.array([p.at.timestamp() for p in pts], dtype=np.float64)
    order = np.lexsort((ts, dev))
    dev, ts = dev[order], ts[order]
    lat = np.array([pts[i].lat for i in order], dtype=np.float64)
    lon = np.array([pts[i].lon for i in order], dtype=np.float64)
    tamper = np.array([pts[i].tamper for i in order], dtype=bool)
    cut = np.array([POWER_CODES.get(pts[i].power, 0) == 2 for i in order], dtype=bool)
    devices, starts = np.unique(dev, return_index=True)
    ends = np.append(starts[1:], len(dev))

    findings: list[Finding] = []
    outside_prov, outside_fence = _area_masks(dev, lat, lon, devices, contexts, rules)
    place_idx = _places_at(lat, lon, places)
    flags = ((tamper, AlertKind.GPS_TAMPER), (cut, AlertKind.GPS_POWER_CUT),
             (outside_prov, AlertKind.GPS_OUTSIDE_PROVINCE), (outside_fence, AlertKind.GPS_OUTSIDE_GEOFENCE))
    states: dict[int, DeviceState] = {}
    moved: set[int] = set()
    for d, lo, hi in zip(devices.tolist(), starts.tolist(), ends.tolist(), strict=True):
        for mask, kind in flags:
            hit = np.flatnonzero(mask[lo:hi])
            if hit.size:
                i = lo + int(hit[0])
                findings.append(Finding(d, kind, _dt(ts[i]), {"lat": lat[i], "lon": lon[i], "points": int(hit.size)}))
        ctx = contexts[d]
        new, did_move = _advance(ctx.state, ts[lo:hi], lat[lo:hi], lon[lo:hi], place_idx[lo:hi], places, rules)
        if new is None:
            continue
        states[d] = new
        if did_move:
            moved.add(d)
        stay = _longest_stay(ctx.state, ts[lo:hi], place_idx[lo:hi], places)
        if stay is not None and stay[2] >= rules.risky_stay_hours:
            findings.append(Finding(d, AlertKind.GPS_RISKY_PLACE, _dt(stay[1]),
                                    {"place": stay[0], "hours": round(stay[2], 2)}))
    return BatchResult(findings, states, frozenset(moved))


def _longest_stay(state: DeviceState, ts: np.ndarray, at_place: np.ndarray,
                  places: Sequence[Place]) -> tuple[int, float, float] | None:
    """The longest run of consecutive fresh points at one place: (place id, start, hours).
    A run that continues the stay remembered in ``state`` starts at ``state.place_since``."""
    last_seen = state.last_seen_at.timestamp() if state.last_seen_at else -np.inf
    fresh = ts > last_seen
    ts, at_place = ts[fresh], at_place[fresh]
    if not ts.size:
        return None
    cuts = np.flatnonzero(np.diff(at_place) != 0) + 1
    best: tuple[int, float, float] | None = None
    for start, end in zip(np.concatenate(([0], cuts)).tolist(), np.concatenate((cuts, [ts.size])).tolist(), strict=True):
        idx = int(at_place[start])
        if idx < 0:
            continue
        place_id, begin = places[idx].id, float(ts[start])
        if start == 0 and state.place_id == place_id and state.place_since is not None:
            begin = state.place_since.timestamp()
        hours = (float(ts[end - 1]) - begin) / 3600
        if best is None or hours > best[2]:
            best = (place_id, begin, hours)
    return best


def _area_masks(dev: np.ndarray, lat: np.ndarray, lon: np.ndarray, devices: np.ndarray,
                contexts: Mapping[int, DeviceContext], rules: RuleSet) -> tuple[np.ndarray, np.ndarray]:
    """Per point: outside its vehicle's province box; outside its geofence (False when none)."""
    nan = float("nan")
    rows = {d: contexts[d] for d in devices.tolist()}
    box = {d: ((c.province.min_lat, c.province.max_lat, c.province.min_lon, c.province.max_lon)
               if c.province else (nan, nan, nan, nan)) for d, c in rows.items()}
    fence = {d: ((c.fence_lat, c.fence_lon, c.fence_radius_m + rules.geofence_grace_m)
                 if c.fence_lat is not None and c.fence_lon is not None and c.fence_radius_m else (nan, nan, nan))
             for d, c in rows.items()}
    idx = np.searchsorted(devices, dev)
    b = np.array([box[d] for d in devices.tolist()], dtype=np.float64)[idx]
    f = np.array([fence[d] for d in devices.tolist()], dtype=np.float64)[idx]
    has_box = ~np.isnan(b[:, 0])
    inside = (lat >= b[:, 0]) & (lat <= b[:, 1]) & (lon >= b[:, 2]) & (lon <= b[:, 3])
    outside_prov = has_box & ~inside
    has_fence = ~np.isnan(f[:, 0])
    with np.errstate(invalid="ignore"):
        far = distance_m(lat, lon, np.nan_to_num(f[:, 0]), np.nan_to_num(f[:, 1])) > np.nan_to_num(f[:, 2])
    return outside_prov, has_fence & far


def _places_at(lat: np.ndarray, lon: np.ndarray, places: Sequence[Place]) -> np.ndarray:
    """Per point: the index into ``places`` of the place it is at, or -1."""
    if not places:
        return np.full(lat.shape, -1, dtype=np.int64)
    plat = np.array([p.lat for p in places])
    plon = np.array([p.lon for p in places])
    radius = np.array([p.radius_m for p in places])
    margin = distance_m(lat[:, None], lon[:, None], plat[None, :], plon[None, :]) - radius[None, :]
    best = np.argmin(margin, axis=1)
    inside = margin[np.arange(len(lat)), best] <= 0
    return np.where(inside, best, -1).astype(np.int64)


def _advance(state: DeviceState, ts: np.ndarray, lat: np.ndarray, lon: np.ndarray, at_place: np.ndarray,
             places: Sequence[Place], rules: RuleSet) -> tuple[DeviceState | None, bool]:
    """The device's state after its points (sorted by time); None when no point is newer."""
    last_seen = state.last_seen_at.timestamp() if state.last_seen_at else -np.inf
    fresh = ts > last_seen
    if not fresh.any():
        return None, False
    ts, lat, lon, at_place = ts[fresh], lat[fresh], lon[fresh], at_place[fresh]
    anchor_lat, anchor_lon, moved_at = state.anchor_lat, state.anchor_lon, state.last_moved_at
    did_move = False
    if anchor_lat is None or anchor_lon is None:  # first report: observation starts here
        anchor_lat, anchor_lon, moved_at = float(lat[0]), float(lon[0]), _dt(ts[0])
    far = np.flatnonzero(distance_m(lat, lon, anchor_lat, anchor_lon) > rules.movement_m)
    if far.size:
        j = int(far[-1])
        anchor_lat, anchor_lon, moved_at, did_move = float(lat[j]), float(lon[j]), _dt(ts[j]), True
    last = int(at_place[-1])
    place_id: int | None = places[last].id if last >= 0 else None
    since: datetime | None = None
    if place_id is not None:
        other = np.flatnonzero(at_place != last)
        if other.size:
            since = _dt(ts[int(other[-1]) + 1])
        elif state.place_id == place_id and state.place_since is not None:
            since = state.place_since
        else:
            since = _dt(ts[0])
    new = DeviceState(last_seen_at=_dt(ts[-1]), anchor_lat=anchor_lat, anchor_lon=anchor_lon,
                      last_moved_at=moved_at, place_id=place_id, place_since=since)
    return new, did_move
