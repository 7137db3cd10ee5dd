"""Distances on the earth for the GPS rules (pure, vectorized with numpy).

Distances are equirectangular approximations, in metres: dx = Δlon × cos(lat₀), dy = Δlat,
scaled by the mean earth radius. Within a few hundred kilometres of the reference point the error
is well under 1 %, which is ample for geofences of a few to a hundred kilometres and places of a
few hundred metres. ``haversine_m`` is exact on the sphere, for single distances and tests.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

EARTH_RADIUS_M = 6_371_008.8
METRES_PER_DEGREE = EARTH_RADIUS_M * math.pi / 180.0

FloatArray = NDArray[np.float64]


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def distance_m(lat: FloatArray, lon: FloatArray, lat0: FloatArray | float, lon0: FloatArray | float) -> FloatArray:
    """Approximate distance in metres from each (lat, lon) to (lat0, lon0) (arrays broadcast)."""
    dy = (np.asarray(lat) - lat0) * METRES_PER_DEGREE
    dx = (np.asarray(lon) - lon0) * METRES_PER_DEGREE * np.cos(np.radians(lat0))
    return np.asarray(np.hypot(dx, dy), dtype=np.float64)


def offset(lat: float, lon: float, north_m: float, east_m: float) -> tuple[float, float]:
    """The point ``north_m`` metres north and ``east_m`` metres east of (lat, lon)."""
    return (lat + north_m / METRES_PER_DEGREE,
            lon + east_m / (METRES_PER_DEGREE * math.cos(math.radians(lat))))
