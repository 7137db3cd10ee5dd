"""The settings of a product version as plain data: defaults, checking and normalising (pure).

``settings_clean(raw)`` takes a mapping of setting names (the ``ProductVersion`` columns listed in
``DEFAULTS``) with JSON-like values and returns the values to store, or raises ``ProductError``
naming the first bad setting. ``settings_of(version)`` is the inverse: a version's settings as
plain JSON, so a new version can be submitted as "the current one, with these changes".
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from autolend.kernel.allocation import DEFAULT_ORDER, Component, Strategy
from autolend.kernel.money import Rounding
from autolend.kernel.payoff import CurrentInterest
from autolend.kernel.rates import DaysInMonth, DaysInYear, InterestPer
from autolend.products.choices import (
    FeeCharge,
    FeeKind,
    FeeTreatment,
    PrepaymentMode,
    RepaymentMethod,
    VehicleCategory,
)
from autolend.products.errors import ProductError

DEFAULTS: dict[str, Any] = {
    "repayment_methods": ["annuity"],
    "terms_months": [12, 24, 36],
    "rate_min": "6",
    "rate_max": "24",
    "fees": [],
    "fee_treatment": "deducted",
    "min_down_payment_pct": "0",
    "ltv_caps": {},
    "balloon_max_pct": None,
    "options": {},
    "penalty_markup_pct": "50",  # penalty rate = contract rate × 1.5 (PBoC practice +30% to +50%)
    "penalty_days_in_year": 360,
    "compound_interest": False,
    "allocation_order": [c.value for c in DEFAULT_ORDER],
    "allocation_strategy": "by-installment",
    "prepayment_mode": "reduce_installment",
    "payoff_current_interest": "accrued",
    "settlement_fee_bands": [],
    "settlement_fee_minimum": "0",
    "days_in_year": "360",
    "days_in_month": "30",
    "interest_per": "period",
    "rounding": "half-up",
    "decimals": 2,
    "multiples_of": None,
}
_CHOICES: dict[str, list[str]] = {
    "fee_treatment": list(FeeTreatment.values),
    "allocation_strategy": [s.value for s in Strategy],
    "prepayment_mode": list(PrepaymentMode.values),
    "payoff_current_interest": [c.value for c in CurrentInterest],
    "days_in_year": [d.value for d in DaysInYear],
    "days_in_month": [d.value for d in DaysInMonth],
    "interest_per": [i.value for i in InterestPer],
    "rounding": [r.value for r in Rounding],
}
_OPTIONS = {"purchase_option_price", "lease_months", "follow_on_terms", "end_options"}
_END_OPTIONS = {"buy", "refinance", "return"}
_PERCENT_FIELDS = ("rate_min", "rate_max", "min_down_payment_pct", "penalty_markup_pct")


def settings_clean(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Defaults overlaid with ``raw``, checked; decimals as Decimal, JSON parts as plain JSON."""
    unknown = sorted(set(raw) - set(DEFAULTS))
    if unknown:
        raise ProductError(unknown[0], "is not a product setting")
    s = {**DEFAULTS, **raw}
    out: dict[str, Any] = {name: _choice(name, s[name]) for name in _CHOICES}
    for name in _PERCENT_FIELDS:
        out[name] = _decimal(name, s[name], high=Decimal(100))
    if out["rate_min"] > out["rate_max"]:
        raise ProductError("rate_min", "must not exceed rate_max")
    out["repayment_methods"] = _methods(s["repayment_methods"])
    out["terms_months"] = _terms(s["terms_months"])
    out["fees"] = [_fee(n, fee) for n, fee in enumerate(_list("fees", s["fees"]))]
    out["ltv_caps"] = _ltv_caps(s["ltv_caps"])
    balloon = s["balloon_max_pct"]
    out["balloon_max_pct"] = None if balloon in (None, "") else _decimal("balloon_max_pct", balloon, high=Decimal(100))
    if "balloon" in out["repayment_methods"] and not out["balloon_max_pct"]:
        raise ProductError("balloon_max_pct", "is required for the balloon method")
    out["options"] = _options(s["options"])
    out["penalty_days_in_year"] = _int("penalty_days_in_year", s["penalty_days_in_year"], 360, 365)
    if out["penalty_days_in_year"] not in (360, 364, 365):
        raise ProductError("penalty_days_in_year", "must be 360, 364 or 365")
    if not isinstance(s["compound_interest"], bool):
        raise ProductError("compound_interest", "must be true or false")
    out["compound_interest"] = s["compound_interest"]
    order = _list("allocation_order", s["allocation_order"])
    if sorted(map(str, order)) != sorted(c.value for c in Component):
        raise ProductError("allocation_order", "must name each of penalty, fee, interest, principal once")
    out["allocation_order"] = [str(c) for c in order]
    out["settlement_fee_bands"] = _bands(s["settlement_fee_bands"])
    out["settlement_fee_minimum"] = _decimal("settlement_fee_minimum", s["settlement_fee_minimum"], places=2)
    out["decimals"] = _int("decimals", s["decimals"], 0, 2)
    multiple = s["multiples_of"]
    out["multiples_of"] = None if multiple in (None, "") else _decimal("multiples_of", multiple, places=2)
    if out["multiples_of"] is not None and out["multiples_of"] <= 0:
        raise ProductError("multiples_of", "must be positive")
    return out


def settings_of(version: Any) -> dict[str, Any]:
    """A version's (or any object's with these attributes) settings as plain JSON values."""
    out: dict[str, Any] = {}
    for name in DEFAULTS:
        value = getattr(version, name)
        out[name] = decimal_text(value) if isinstance(value, Decimal) else value
    return out


def decimal_text(value: Decimal | None) -> str | None:
    """A stored decimal without the column's padding: 6.8800 → "6.88", 50.0000 → "50"."""
    return None if value is None else f"{value.normalize():f}"


def _choice(name: str, value: Any) -> str:
    if str(value) not in _CHOICES[name]:
        raise ProductError(name, f"{value!r} is not one of {', '.join(_CHOICES[name])}")
    return str(value)


def _decimal(name: str, value: Any, *, high: Decimal | None = None, places: int = 4) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ProductError(name, f"{value!r} is not a decimal number") from None
    if isinstance(value, bool) or not number.is_finite() or number < 0:
        raise ProductError(name, "must be a number of 0 or more")
    if high is not None and number > high:
        raise ProductError(name, f"must be at most {high}")
    if number != number.quantize(Decimal(1).scaleb(-places)):
        raise ProductError(name, f"must have at most {places} decimal places")
    return number


def _int(name: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ProductError(name, f"must be a whole number from {low} to {high}")
    return value


def _list(name: str, value: Any) -> list[Any]:
    if not isinstance(value, (list, tuple)):
        raise ProductError(name, "must be a list")
    return list(value)


def _methods(value: Any) -> list[str]:
    methods = [str(m) for m in _list("repayment_methods", value)]
    if not methods or len(set(methods)) != len(methods):
        raise ProductError("repayment_methods", "must list at least one method, each once")
    for method in methods:
        if method not in RepaymentMethod.values:
            raise ProductError("repayment_methods", f"{method!r} is not one of {', '.join(RepaymentMethod.values)}")
    return methods


def _terms(value: Any) -> list[int]:
    terms = [_int("terms_months", t, 1, 120) for t in _list("terms_months", value)]
    if not terms or len(set(terms)) != len(terms):
        raise ProductError("terms_months", "must list at least one term, each once")
    return sorted(terms)


def _fee(n: int, fee: Any) -> dict[str, str]:
    field = f"fees[{n}]"
    if not isinstance(fee, Mapping) or set(fee) - {"kind", "charge", "amount", "percent"}:
        raise ProductError(field, "a fee has kind, charge, amount (yuan) and percent (of the loan)")
    kind, charge = str(fee.get("kind", "")), str(fee.get("charge", FeeCharge.UPFRONT))
    if kind not in FeeKind.values:
        raise ProductError(f"{field}.kind", f"{kind!r} is not one of {', '.join(FeeKind.values)}")
    if charge not in FeeCharge.values:
        raise ProductError(f"{field}.charge", f"{charge!r} is not one of {', '.join(FeeCharge.values)}")
    amount = _decimal(f"{field}.amount", fee.get("amount", "0"), places=2)
    percent = _decimal(f"{field}.percent", fee.get("percent", "0"), high=Decimal(100))
    return {"kind": kind, "charge": charge, "amount": str(amount), "percent": str(percent)}


def _ltv_caps(value: Any) -> dict[str, str]:
    if not isinstance(value, Mapping) or not value:
        raise ProductError("ltv_caps", "must map at least one vehicle category to a percentage")
    caps: dict[str, str] = {}
    for category, percent in value.items():
        if category not in VehicleCategory.values:
            raise ProductError("ltv_caps", f"{category!r} is not one of {', '.join(VehicleCategory.values)}")
        cap = _decimal(f"ltv_caps.{category}", percent, high=Decimal(100))
        if cap == 0:
            raise ProductError(f"ltv_caps.{category}", "must be more than 0")
        caps[category] = str(cap)
    return caps


def _options(value: Any) -> dict[str, Any]:
    if not isinstance(value, Mapping) or set(value) - _OPTIONS:
        raise ProductError("options", f"known options are {', '.join(sorted(_OPTIONS))}")
    out: dict[str, Any] = {}
    if "purchase_option_price" in value:  # 留购价: the nominal price the lessee pays to own the car
        out["purchase_option_price"] = str(_decimal("options.purchase_option_price", value["purchase_option_price"], places=2))
    if "lease_months" in value:  # the "1" of 1+N: months leased before the end options
        out["lease_months"] = _int("options.lease_months", value["lease_months"], 1, 120)
    if "follow_on_terms" in value:  # the "N": terms offered to refinance the balance
        out["follow_on_terms"] = _terms(value["follow_on_terms"])
    if "end_options" in value:
        ends = [str(e) for e in _list("options.end_options", value["end_options"])]
        if not ends or set(ends) - _END_OPTIONS:
            raise ProductError("options.end_options", "choose from buy, refinance, return")
        out["end_options"] = ends
    return out


def _bands(value: Any) -> list[list[Any]]:
    bands: list[list[Any]] = []
    previous = 0
    for n, band in enumerate(_list("settlement_fee_bands", value)):
        field = f"settlement_fee_bands[{n}]"
        if not isinstance(band, (list, tuple)) or len(band) != 2:
            raise ProductError(field, "a band is [up to instalment or null, percent]")
        up_to, percent = band
        if bands and bands[-1][0] is None:
            raise ProductError(field, "the open-ended band (null) must be the last")
        if up_to is not None:
            up_to = _int(field, up_to, previous + 1, 600)
            previous = up_to
        bands.append([up_to, str(_decimal(field, percent, high=Decimal(100)))])
    return bands
