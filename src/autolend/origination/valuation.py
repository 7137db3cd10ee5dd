"""A quick value of the car at application time (the LTV is against the lower of price and value).

A new car is worth its price. A used car with its new price (指导价) given is valued by
``vehicles.depreciation`` (rule-based curves by segment and energy type, age from the model
year, mileage); without a new price, or without that module, its price is taken as is (and the
policy's price-versus-valuation rule cannot fire). Returns (value in yuan, source).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal


def vehicle_value(*, condition: str, price: Decimal, new_price: Decimal | None, year: int, mileage_km: int,
                  new_energy: bool, use: str, as_of: date) -> tuple[Decimal, str]:
    if condition != "used":
        return price, "price"
    if new_price is None:
        return price, "price (no new price given)"
    try:
        from autolend.vehicles.depreciation import Energy, Segment, depreciated_value
    except ImportError:  # the vehicles package is optional for origination
        return price, "price (no depreciation model)"
    registered = min(date(year, 7, 1), as_of)  # mid model year: the registration date is not asked
    segment = Segment.COMMERCIAL if use == "commercial" else Segment.MIDSIZE
    valued = depreciated_value(new_price, registered, as_of, mileage_km, segment,
                               Energy.BEV if new_energy else Energy.ICE)
    return valued.value.quantize(Decimal("0.01")), f"depreciation {valued.config_version}"
