"""The GPS telematics port (车载GPS平台): signed telemetry webhooks in, location queries out.

Telemetry arrives as a webhook ``POST /api/v1/gps/telemetry`` whose JSON body is
``{"points": [{"device", "time", "lat", "lon", "speed", "ignition", "power", "tamper"}, …]}``
(``time`` ISO 8601 with offset, ``speed`` km/h, ``power`` "main" | "battery" | "cut"), signed with
the shared secret: header ``X-Autolend-Timestamp`` (Unix seconds) and ``X-Autolend-Signature:
sha256=<hex HMAC-SHA256 of "<timestamp>." + body>``. ``sign`` and ``signed_request`` build them.

``GpsProvider`` is the outbound port (ask a device where it is now); ``SimulatedGpsProvider``
answers from the deterministic ``TrackSimulator``, which also produces realistic tracks for the
demo, the tests and the benchmark: weekday commutes between a home and a workplace around a city,
evening errands and weekend trips, overnight parking (a heartbeat every 30 minutes, ignition
off), and scripted anomalies (offline, tamper, power cut, a trip out of the area, a stay at a
given place, days without moving). ``gps_provider()`` follows ``AUTOLEND_GPS_PROVIDER``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from autolend.collateral.geo import haversine_m, offset

SIGNATURE_HEADER = "X-Autolend-Signature"
TIMESTAMP_HEADER = "X-Autolend-Timestamp"
SHANGHAI = (31.2304, 121.4737)
CST = timedelta(hours=8)  # China Standard Time, for daily rhythms


@dataclass(frozen=True)
class TelemetryPoint:
    device_id: str
    at: datetime  # aware
    lat: float
    lon: float
    speed_kmh: float = 0.0
    ignition: bool = False
    power: str = "main"
    tamper: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"device": self.device_id, "time": self.at.isoformat(), "lat": round(self.lat, 6),
                "lon": round(self.lon, 6), "speed": round(self.speed_kmh, 1), "ignition": self.ignition,
                "power": self.power, "tamper": self.tamper}


def sign(body: bytes, secret: bytes, timestamp: int) -> str:
    """The signature header value: ``sha256=`` + hex HMAC-SHA256 of ``"<timestamp>." + body``."""
    mac = hmac.new(secret, f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def signed_request(points: Sequence[TelemetryPoint], secret: bytes, timestamp: int) -> tuple[bytes, dict[str, str]]:
    """The webhook body and its two headers."""
    body = json.dumps({"points": [p.to_json() for p in points]}, separators=(",", ":")).encode()
    return body, {SIGNATURE_HEADER: sign(body, secret, timestamp), TIMESTAMP_HEADER: str(timestamp)}


@dataclass(frozen=True)
class Anomaly:
    """A scripted event from ``start`` for ``hours``: offline | tamper | power_cut | no_movement,
    or visit (drive to ``place``, stay ``hours``, drive back: a trip out of the area or a stay
    at a risky place)."""

    kind: str
    start: datetime
    hours: float
    place: tuple[float, float] | None = None


@dataclass(frozen=True)
class _Leg:
    t0: float
    t1: float
    a: tuple[float, float]
    b: tuple[float, float]


class TrackSimulator:
    """Deterministic tracks: the same seed and device give the same points."""

    def __init__(self, seed: int = 7, city: tuple[float, float] = SHANGHAI, spread_m: float = 9000.0,
                 moving_every_s: int = 30, parked_every_s: int = 1800, speed_kmh: float = 32.0) -> None:
        self.seed, self.city, self.spread_m = seed, city, spread_m
        self.moving_every_s, self.parked_every_s, self.speed_ms = moving_every_s, parked_every_s, speed_kmh / 3.6

    def track(self, device_id: str, start: datetime, days: int, anomalies: Sequence[Anomaly] = ()) -> list[TelemetryPoint]:
        """Points of ``device_id`` from ``start`` (aware) for ``days`` days, with ``anomalies``."""
        rng = random.Random(f"{self.seed}:{device_id}")
        home = offset(*self.city, rng.gauss(0, self.spread_m), rng.gauss(0, self.spread_m))
        work = offset(*self.city, rng.gauss(0, self.spread_m / 2), rng.gauss(0, self.spread_m / 2))
        t_start, t_end = start.timestamp(), (start + timedelta(days=days)).timestamp()
        legs = self._routine(rng, home, work, start, days)
        for anomaly in sorted(anomalies, key=lambda a: a.start):
            if anomaly.kind in ("visit", "no_movement"):
                legs = self._override(legs, anomaly)
        points = self._sample(device_id, legs, t_start, t_end)
        return _apply_flags(points, anomalies)

    def _routine(self, rng: random.Random, home: tuple[float, float], work: tuple[float, float],
                 start: datetime, days: int) -> list[_Leg]:
        legs: list[_Leg] = []
        here, t = home, start.timestamp()
        local_midnight = datetime.combine((start + CST).date(), datetime.min.time(), UTC) - CST
        for d in range(days + 1):
            day = local_midnight + timedelta(days=d)
            plan: list[tuple[float, tuple[float, float], float]] = []  # (depart hour, destination, stay hours)
            if (day + CST).weekday() < 5:
                plan.append((7.5 + rng.random(), work, 0.0))
                plan.append((17.5 + rng.random() * 1.5, home, 0.0))
                if rng.random() < 0.3:
                    plan.append((19.5 + rng.random(), offset(*home, rng.gauss(0, 3000), rng.gauss(0, 3000)),
                                 0.5 + rng.random()))
            elif rng.random() < 0.5:
                plan.append((10 + rng.random() * 2, offset(*home, rng.gauss(0, 20000), rng.gauss(0, 20000)),
                             2 + rng.random() * 2))
            for hour, dest, stay in plan:
                depart = max(t, (day + timedelta(hours=hour)).timestamp())
                t = self._drive(legs, here, dest, depart)
                here = dest
                if stay:
                    t = self._drive(legs, here, home, t + stay * 3600)
                    here = home
        return legs

    def _drive(self, legs: list[_Leg], a: tuple[float, float], b: tuple[float, float], t0: float) -> float:
        t1 = t0 + max(60.0, haversine_m(*a, *b) / self.speed_ms)
        legs.append(_Leg(t0, t1, a, b))
        return t1

    def _position(self, legs: Sequence[_Leg], t: float) -> tuple[float, float]:
        here = legs[0].a if legs else self.city
        for leg in legs:
            if t < leg.t0:
                return here
            if t <= leg.t1:
                f = (t - leg.t0) / (leg.t1 - leg.t0)
                return (leg.a[0] + f * (leg.b[0] - leg.a[0]), leg.a[1] + f * (leg.b[1] - leg.a[1]))
            here = leg.b
        return here

    def _override(self, legs: list[_Leg], anomaly: Anomaly) -> list[_Leg]:
        a = anomaly.start.timestamp()
        at_a = self._position(legs, a)
        before = [leg for leg in legs if leg.t1 <= a]
        if anomaly.kind == "no_movement":
            b = a + anomaly.hours * 3600
            return before + [leg for leg in legs if leg.t0 >= b]
        place = anomaly.place or self.city
        new: list[_Leg] = []
        arrive = self._drive(new, at_a, place, a)
        leave = arrive + anomaly.hours * 3600
        back_at = leave + max(60.0, haversine_m(*place, *at_a) / self.speed_ms)
        home_then = self._position(legs, back_at)
        self._drive(new, place, home_then, leave)
        return before + new + [leg for leg in legs if leg.t0 >= new[-1].t1]

    def _sample(self, device_id: str, legs: Sequence[_Leg], t_start: float, t_end: float) -> list[TelemetryPoint]:
        out: list[TelemetryPoint] = []
        t, i = t_start, 0
        while t < t_end:
            while i < len(legs) and legs[i].t1 < t:
                i += 1
            moving = i < len(legs) and legs[i].t0 <= t <= legs[i].t1
            lat, lon = self._position(legs, t)
            speed = self.speed_ms * 3.6 if moving else 0.0
            at = datetime.fromtimestamp(int(t), UTC)  # whole seconds, as trackers report
            out.append(TelemetryPoint(device_id, at, lat, lon, speed, moving))
            if moving:
                t += self.moving_every_s
            else:
                nxt = legs[i].t0 if i < len(legs) else t_end
                t = min(t + self.parked_every_s, max(nxt, t + 1))
        return out


def _apply_flags(points: list[TelemetryPoint], anomalies: Sequence[Anomaly]) -> list[TelemetryPoint]:
    """Drop offline windows; flag tamper (first point of its window) and power cuts."""
    out: list[TelemetryPoint] = []
    for p in points:
        keep, tamper, power = True, False, p.power
        for an in anomalies:
            inside = an.start <= p.at < an.start + timedelta(hours=an.hours)
            if not inside:
                continue
            if an.kind == "offline":
                keep = False
            elif an.kind == "tamper":
                tamper = True
            elif an.kind == "power_cut":
                power = "cut"
        if keep:
            out.append(TelemetryPoint(p.device_id, p.at, p.lat, p.lon, p.speed_kmh, p.ignition, power, tamper))
    return out


class GpsProvider(Protocol):
    def locate(self, device_id: str, at: datetime) -> TelemetryPoint | None:
        """Where the device is at ``at`` (its last fix), or None when it does not answer."""
        ...


class SimulatedGpsProvider:
    """Answers from a ``TrackSimulator`` track of the day before ``at``."""

    def __init__(self, seed: int = 7) -> None:
        self.simulator = TrackSimulator(seed)

    def locate(self, device_id: str, at: datetime) -> TelemetryPoint | None:
        points = self.simulator.track(device_id, at - timedelta(days=1), 1)
        return next((p for p in reversed(points) if p.at <= at), None)


def gps_provider() -> GpsProvider:
    """The configured adapter (setting ``AUTOLEND_GPS_PROVIDER``, default the simulator)."""
    name = getattr(settings, "AUTOLEND_GPS_PROVIDER", "") or "simulated"
    if name == "simulated":
        return SimulatedGpsProvider()
    provider: GpsProvider = import_string(name)()
    return provider
