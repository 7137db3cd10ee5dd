"""Behaviour score (行为评分) for early warning and strategy: a pure, explainable points model.

score = base − dpd_points − history_points − alert_points − broken_promise_points + bureau_delta,
clamped to [floor, ceiling]. Higher is better. ``score_sql`` renders the same formula as a portable
SQL expression so end of day can score every case in one statement; a unit test keeps the two equal.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScoreInputs:
    """``dpd``: current days past due; ``prior_cases``: earlier delinquency episodes (payment
    history); ``open_alerts``: open GPS / LTV alerts from collateral; ``broken_promises``: promises
    to pay broken in the current case; ``bureau_delta``: points from a bureau refresh (placeholder,
    0 until the bureau port offers refreshes)."""

    dpd: int = 0
    prior_cases: int = 0
    open_alerts: int = 0
    broken_promises: int = 0
    bureau_delta: int = 0


@dataclass(frozen=True)
class ScoreWeights:
    base: int = 800
    per_dpd_day: int = 2
    dpd_cap: int = 360
    per_prior_case: int = 40
    prior_cap: int = 5
    per_alert: int = 60
    alert_cap: int = 3
    per_broken_promise: int = 50
    broken_cap: int = 4
    floor: int = 300
    ceiling: int = 900


@dataclass(frozen=True)
class Bands:
    """Score bands: below ``low_below`` is "low", below ``medium_below`` "medium", else "high"."""

    low_below: int = 550
    medium_below: int = 700
    watch_below: int = 720  # the watchlist: current loans scoring under this


DEFAULT_WEIGHTS = ScoreWeights()
DEFAULT_BANDS = Bands()


def behaviour_score(inputs: ScoreInputs, weights: ScoreWeights = DEFAULT_WEIGHTS) -> int:
    """The score (integer points, ``floor``..``ceiling``)."""
    w = weights
    raw = (w.base - w.per_dpd_day * min(inputs.dpd, w.dpd_cap)
           - w.per_prior_case * min(inputs.prior_cases, w.prior_cap)
           - w.per_alert * min(inputs.open_alerts, w.alert_cap)
           - w.per_broken_promise * min(inputs.broken_promises, w.broken_cap) + inputs.bureau_delta)
    return max(w.floor, min(w.ceiling, raw))


def band_of(score: int, bands: Bands = DEFAULT_BANDS) -> str:
    """"low", "medium" or "high"."""
    if score < bands.low_below:
        return "low"
    return "medium" if score < bands.medium_below else "high"


def _capped(column: str, cap: int) -> str:
    return f"(CASE WHEN {column} > {cap} THEN {cap} ELSE {column} END)"


def score_sql(dpd: str, prior: str, alerts: str, broken: str, weights: ScoreWeights = DEFAULT_WEIGHTS) -> str:
    """``behaviour_score`` as a SQL expression over the given column expressions (bureau 0)."""
    w = weights
    raw = (f"({w.base} - {w.per_dpd_day} * {_capped(dpd, w.dpd_cap)}"
           f" - {w.per_prior_case} * {_capped(prior, w.prior_cap)}"
           f" - {w.per_alert} * {_capped(alerts, w.alert_cap)}"
           f" - {w.per_broken_promise} * {_capped(broken, w.broken_cap)})")
    return f"(CASE WHEN {raw} < {w.floor} THEN {w.floor} WHEN {raw} > {w.ceiling} THEN {w.ceiling} ELSE {raw} END)"


def band_sql(score: str, bands: Bands = DEFAULT_BANDS) -> str:
    return f"(CASE WHEN {score} < {bands.low_below} THEN 'low' WHEN {score} < {bands.medium_below} THEN 'medium' ELSE 'high' END)"
