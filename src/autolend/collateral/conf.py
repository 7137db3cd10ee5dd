"""Collateral rules as data: thresholds, deadlines, GPS alert rules, storage, and the webhook secret.

The defaults below are conventions, not law; ``settings.AUTOLEND_COLLATERAL`` (an optional dict)
overrides any of them, e.g.::

    AUTOLEND_COLLATERAL = {"ltv_alert": "0.85", "gps_offline_hours": 12, "version": "col-2025.2"}

Every alert records ``rules.version`` in its detail, so a reviewer can tell which rules opened it.
The GPS webhook secret comes from ``AUTOLEND_GPS_WEBHOOK_SECRET`` (setting or environment, or a
file named by ``AUTOLEND_GPS_WEBHOOK_SECRET_FILE``); without it, only a debug process accepts
telemetry, signed with a fixed development secret.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from autolend.config.env import env_str

DEV_WEBHOOK_SECRET = "autolend-dev-gps-secret"  # debug only; production must set its own


@dataclass(frozen=True)
class CollateralRules:
    """Every number of the collateral rules. Days and hours are whole numbers; ratios are
    fractions (0.9 = 90 %); money in yuan; distances in metres."""

    version: str = "col-2025.1"
    # LTV shortfall (抵押率预警): principal outstanding / latest value above this opens an alert.
    ltv_alert: Decimal = Decimal("0.90")
    # Mortgage registration: alert when not registered N days after disbursement, and when not
    # released N days after payoff.
    mortgage_register_days: int = 30
    mortgage_release_days: int = 15
    # GPS rules.
    gps_offline_hours: int = 48
    gps_no_movement_days: int = 7
    gps_movement_m: float = 300.0  # a displacement above this counts as the car having moved
    gps_risky_stay_hours: float = 2.0
    gps_geofence_grace_m: float = 0.0  # extra distance beyond a geofence's radius tolerated
    # Pledge storage (停车保管费), yuan per day, unless the pledge sets its own.
    storage_daily_fee: Decimal = Decimal("30.00")
    # Repossession needs the loan overdue by at least this many days.
    repossession_min_dpd: int = 30

    @classmethod
    def from_mapping(cls, raw: dict[str, Any]) -> CollateralRules:
        """The defaults overridden by ``raw`` (unknown keys are a configuration error)."""
        names = {f.name: f for f in dataclasses.fields(cls)}
        unknown = set(raw) - set(names)
        if unknown:
            raise ImproperlyConfigured(f"AUTOLEND_COLLATERAL: unknown keys {sorted(unknown)}")
        values: dict[str, Any] = {}
        defaults = cls()
        for key, value in raw.items():
            kind = type(getattr(defaults, key))
            try:
                values[key] = Decimal(str(value)) if kind is Decimal else kind(value)
            except (ArithmeticError, TypeError, ValueError):
                raise ImproperlyConfigured(f"AUTOLEND_COLLATERAL[{key!r}]: bad value {value!r}") from None
        rules = cls(**values)
        if rules.ltv_alert <= 0 or min(rules.mortgage_register_days, rules.mortgage_release_days) < 1:
            raise ImproperlyConfigured("AUTOLEND_COLLATERAL: thresholds and deadlines must be positive")
        return rules

    def as_json(self) -> dict[str, Any]:
        return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in dataclasses.asdict(self).items()}


def collateral_rules() -> CollateralRules:
    """The rules in force (settings override the defaults)."""
    return CollateralRules.from_mapping(dict(getattr(settings, "AUTOLEND_COLLATERAL", None) or {}))


def gps_webhook_secret() -> bytes:
    """The shared secret of the GPS telemetry webhook (HMAC-SHA256 key)."""
    secret = getattr(settings, "AUTOLEND_GPS_WEBHOOK_SECRET", "") or env_str("AUTOLEND_GPS_WEBHOOK_SECRET")
    if not secret:
        if not settings.DEBUG:
            raise ImproperlyConfigured("AUTOLEND_GPS_WEBHOOK_SECRET is required when AUTOLEND_DEBUG is false")
        secret = DEV_WEBHOOK_SECRET
    return str(secret).encode()


def document_root() -> Path:
    """Where inspection photos and other collateral documents are stored (content-addressed)."""
    configured = getattr(settings, "AUTOLEND_COLLATERAL_FILES", "")
    root = Path(configured) if configured else settings.AUTOLEND_HOME / "var" / "collateral"
    root.mkdir(parents=True, exist_ok=True)
    return root
