"""Population stability (PSI, 群体稳定性指数) between a reference and a current score sample.

PSI = Σ (aᵢ − eᵢ) · ln(aᵢ / eᵢ) over bins cut at the reference's quantiles, with eᵢ and aᵢ the
shares of each sample in bin i. Reading (a convention): < 0.10 stable, 0.10–0.25 watch,
> 0.25 shifted.
"""

from __future__ import annotations

from typing import Any

import numpy as np

FLOOR = 1e-4  # share given to an empty bin so the logarithm stays finite
WATCH, SHIFTED = 0.10, 0.25


def psi_table(expected: Any, actual: Any, bins: int = 10) -> list[dict[str, float]]:
    """Per bin: lower edge, expected share, actual share and its PSI term."""
    ref = np.asarray(expected, dtype=float)
    cur = np.asarray(actual, dtype=float)
    ref, cur = ref[~np.isnan(ref)], cur[~np.isnan(cur)]
    if ref.size == 0 or cur.size == 0:
        raise ValueError("both samples need at least one score")
    edges = np.unique(np.quantile(ref, np.linspace(0, 1, bins + 1)[1:-1]))
    e = np.bincount(np.searchsorted(edges, ref, side="right"), minlength=edges.size + 1) / ref.size
    a = np.bincount(np.searchsorted(edges, cur, side="right"), minlength=edges.size + 1) / cur.size
    e, a = np.maximum(e, FLOOR), np.maximum(a, FLOOR)
    terms = (a - e) * np.log(a / e)
    lows = np.concatenate([[-np.inf], edges])
    return [
        {"from": float(lo), "expected": float(ei), "actual": float(ai), "psi": float(t)}
        for lo, ei, ai, t in zip(lows, e, a, terms)
    ]


def psi(expected: Any, actual: Any, bins: int = 10) -> float:
    """Population stability index of `actual` against `expected` (0 = identical)."""
    return float(sum(row["psi"] for row in psi_table(expected, actual, bins)))


def psi_status(value: float) -> str:
    """ "stable", "watch" or "shifted" for a PSI value."""
    return "stable" if value < WATCH else "watch" if value <= SHIFTED else "shifted"
