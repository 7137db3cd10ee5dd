"""Rule-based used-car value (折旧估值) from the new price, by segment and energy type.

value = new price × retained(effective age) × condition factor, rounded to whole yuan, where

- retained(t) falls linearly by `first_year_drop` over the first year, then geometrically by
  `annual_rate` a year, never below `floor` (all fractions of the new price, per curve);
- effective age = (1 − w) × calendar age + w × mileage / expected annual mileage, so a car driven
  more than expected ages faster and one driven less ages slower (w = `mileage_weight`);
- the condition grade A-E multiplies the value (A better than average, E poor).

The range is value × (1 ∓ band), band widening with age. Value is non-increasing in age and in
mileage by construction (the effective age grows with both). Curves, grades and bands are data
(`DepreciationConfig`), conventions to version and calibrate, not law: the defaults follow the
rules of thumb in DOMAIN.md (year 1: 15-20 %, then 10-15 % a year; new-energy vehicles faster).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from types import MappingProxyType

ONE = Decimal(1)
ZERO = Decimal(0)
DAYS_PER_YEAR = Decimal("365.25")


class Segment(StrEnum):
    """Market segment of the car (车型级别)."""

    ECONOMY = "economy"  # A0/A 级
    MIDSIZE = "midsize"  # B 级
    LUXURY = "luxury"  # 豪华品牌
    SUV = "suv"
    MPV = "mpv"
    PICKUP = "pickup"
    COMMERCIAL = "commercial"  # 商用车


class Energy(StrEnum):
    """Energy type (能源类型): ICE 燃油, HEV 油电混动, PHEV 插电混动 (incl. EREV 增程), BEV 纯电."""

    ICE = "ice"
    HEV = "hev"
    PHEV = "phev"
    BEV = "bev"


class Condition(StrEnum):
    """Condition grade from an inspection (车况等级), A best."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"


@dataclass(frozen=True)
class Curve:
    """Retained share of the new price: year-1 drop, then a yearly rate, with a floor (fractions)."""

    first_year_drop: Decimal
    annual_rate: Decimal
    floor: Decimal = Decimal("0.05")

    def __post_init__(self) -> None:
        for name in ("first_year_drop", "annual_rate", "floor"):
            if not ZERO <= getattr(self, name) < ONE:
                raise ValueError(f"{name} must be a fraction in [0, 1)")

    def retained(self, age_years: Decimal) -> Decimal:
        """Share of the new price kept at `age_years` (≥ 0), non-increasing in age."""
        if age_years <= ZERO:
            return ONE
        if age_years <= ONE:
            share = ONE - self.first_year_drop * age_years
        else:
            share = (ONE - self.first_year_drop) * (ONE - self.annual_rate) ** (age_years - ONE)
        return max(share, self.floor)

    def faster(self, extra_first: Decimal, extra_annual: Decimal) -> Curve:
        """This curve with the year-1 drop and the yearly rate raised by the given fractions."""
        return Curve(self.first_year_drop + extra_first, self.annual_rate + extra_annual, self.floor)


def _d(text: str) -> Decimal:
    return Decimal(text)


# Fuel cars by segment (year-1 drop, yearly rate). Luxury cars lose more in the first years.
BASE_CURVES: Mapping[Segment, Curve] = MappingProxyType(
    {
        Segment.ECONOMY: Curve(_d("0.17"), _d("0.11")),
        Segment.MIDSIZE: Curve(_d("0.18"), _d("0.12")),
        Segment.LUXURY: Curve(_d("0.22"), _d("0.14")),
        Segment.SUV: Curve(_d("0.15"), _d("0.10")),
        Segment.MPV: Curve(_d("0.16"), _d("0.11")),
        Segment.PICKUP: Curve(_d("0.14"), _d("0.10")),
        Segment.COMMERCIAL: Curve(_d("0.20"), _d("0.13"), _d("0.08")),
    }
)
# Added to the fuel curve (year-1 drop, yearly rate): battery ageing and fast price cuts on new
# models make new-energy vehicles (NEV 新能源车) lose value faster.
ENERGY_PREMIUM: Mapping[Energy, tuple[Decimal, Decimal]] = MappingProxyType(
    {
        Energy.ICE: (ZERO, ZERO),
        Energy.HEV: (_d("0.01"), ZERO),
        Energy.PHEV: (_d("0.05"), _d("0.03")),
        Energy.BEV: (_d("0.10"), _d("0.05")),
    }
)
CONDITION_FACTORS: Mapping[Condition, Decimal] = MappingProxyType(
    {
        Condition.A: _d("1.05"),
        Condition.B: ONE,
        Condition.C: _d("0.93"),
        Condition.D: _d("0.85"),
        Condition.E: _d("0.70"),
    }
)


@dataclass(frozen=True)
class DepreciationConfig:
    """Every number of the model, as data. Mileage in km, fractions as Decimal (0.1 = 10 %).

    expected_km_per_year: normal use (默认 20,000 km/年); mileage_weight: share of ageing driven by
    mileage (0 = calendar only, 1 = mileage only); band_*: half-width of the range as a fraction
    of the value, growing per year of age up to band_max, with extra width per energy type.
    """

    base_curves: Mapping[Segment, Curve] = field(default_factory=lambda: BASE_CURVES)
    energy_premium: Mapping[Energy, tuple[Decimal, Decimal]] = field(default_factory=lambda: ENERGY_PREMIUM)
    condition_factors: Mapping[Condition, Decimal] = field(default_factory=lambda: CONDITION_FACTORS)
    expected_km_per_year: Decimal = Decimal(20000)
    mileage_weight: Decimal = Decimal("0.5")
    band_base: Decimal = Decimal("0.06")
    band_per_year: Decimal = Decimal("0.01")
    band_max: Decimal = Decimal("0.20")
    band_energy: Mapping[Energy, Decimal] = field(
        default_factory=lambda: MappingProxyType(
            {Energy.ICE: ZERO, Energy.HEV: ZERO, Energy.PHEV: _d("0.02"), Energy.BEV: _d("0.04")}
        )
    )
    version: str = "dep-2025.1"

    def curve(self, segment: Segment, energy: Energy) -> Curve:
        """The curve of a segment and energy type."""
        extra_first, extra_annual = self.energy_premium[energy]
        return self.base_curves[segment].faster(extra_first, extra_annual)


@dataclass(frozen=True)
class DepreciationValuation:
    """A rule-based valuation. Amounts in yuan (whole), ages in years, fractions as Decimal."""

    value: Decimal
    low: Decimal
    high: Decimal
    age_years: Decimal
    effective_age_years: Decimal
    retained: Decimal
    condition_factor: Decimal
    config_version: str


def depreciated_value(
    new_price: Decimal,
    first_registered: date,
    as_of: date,
    mileage_km: int | Decimal,
    segment: Segment,
    energy: Energy = Energy.ICE,
    condition: Condition = Condition.B,
    config: DepreciationConfig | None = None,
) -> DepreciationValuation:
    """Value of a car on `as_of` from its new price (yuan, tax-inclusive invoice or MSRP).

    first_registered: date of first registration (初次登记日期); mileage_km: odometer in km.
    Raises ValueError for a non-positive price, negative mileage or a date after `as_of`.
    """
    config = config or DepreciationConfig()
    if new_price <= ZERO:
        raise ValueError("new_price must be positive")
    if Decimal(mileage_km) < ZERO:
        raise ValueError("mileage_km must not be negative")
    if first_registered > as_of:
        raise ValueError("first_registered is after as_of")
    age = Decimal((as_of - first_registered).days) / DAYS_PER_YEAR
    usage_age = Decimal(mileage_km) / config.expected_km_per_year
    effective = (ONE - config.mileage_weight) * age + config.mileage_weight * usage_age
    retained = config.curve(segment, energy).retained(effective)
    factor = config.condition_factors[condition]
    value = new_price * retained * factor
    band = min(config.band_base + config.band_per_year * age, config.band_max) + config.band_energy[energy]
    return DepreciationValuation(
        value=_yuan(value),
        low=_yuan(value * (ONE - band)),
        high=_yuan(value * (ONE + band)),
        age_years=age.quantize(Decimal("0.01")),
        effective_age_years=effective.quantize(Decimal("0.01")),
        retained=retained.quantize(Decimal("0.0001")),
        condition_factor=factor,
        config_version=config.version,
    )


def _yuan(amount: Decimal) -> Decimal:
    return amount.quantize(ONE, rounding=ROUND_HALF_UP)
