"""Depreciation: monotone in age and mileage, new-energy cars faster, range around the value."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autolend.vehicles.depreciation import (
    Condition,
    Curve,
    DepreciationConfig,
    Energy,
    Segment,
    depreciated_value,
)

AS_OF = date(2025, 6, 30)
PRICE = D("200000")


def value(age_days: int, km: int, segment: Segment = Segment.MIDSIZE, energy: Energy = Energy.ICE,
          condition: Condition = Condition.B) -> D:
    registered = AS_OF - timedelta(days=age_days)
    return depreciated_value(PRICE, registered, AS_OF, km, segment, energy, condition).value


def test_worked_example_three_year_old_midsize_petrol_car_at_expected_mileage() -> None:
    registered = date(2022, 6, 30)
    result = depreciated_value(PRICE, registered, AS_OF, 60_000, Segment.MIDSIZE, Energy.ICE)
    # effective age ≈ 3.0 years: 200,000 × (1 − 0.18) × (1 − 0.12)^2.0 ≈ 127,002
    assert result.age_years == D("3.00")
    assert abs(result.value - D("127002")) <= 50
    assert result.low < result.value < result.high


@settings(max_examples=200, deadline=None)
@given(
    age=st.integers(0, 25 * 365), extra_days=st.integers(1, 5 * 365), km=st.integers(0, 500_000),
    segment=st.sampled_from(Segment), energy=st.sampled_from(Energy),
)
def test_value_never_rises_with_age(age: int, extra_days: int, km: int, segment: Segment, energy: Energy) -> None:
    assert value(age + extra_days, km, segment, energy) <= value(age, km, segment, energy)


@settings(max_examples=200, deadline=None)
@given(
    age=st.integers(0, 25 * 365), km=st.integers(0, 500_000), extra_km=st.integers(1, 200_000),
    segment=st.sampled_from(Segment), energy=st.sampled_from(Energy),
)
def test_value_never_rises_with_mileage(age: int, km: int, extra_km: int, segment: Segment, energy: Energy) -> None:
    assert value(age, km + extra_km, segment, energy) <= value(age, km, segment, energy)


@pytest.mark.parametrize("segment", list(Segment))
@pytest.mark.parametrize("years", [1, 3, 5, 8])
def test_new_energy_cars_depreciate_faster(segment: Segment, years: int) -> None:
    km = 15_000 * years
    ice, hev, phev, bev = (value(365 * years, km, segment, e) for e in (Energy.ICE, Energy.HEV, Energy.PHEV, Energy.BEV))
    assert bev < phev < ice and hev <= ice


@settings(max_examples=200, deadline=None)
@given(
    age=st.integers(0, 30 * 365), km=st.integers(0, 800_000), segment=st.sampled_from(Segment),
    energy=st.sampled_from(Energy), condition=st.sampled_from(Condition),
)
def test_range_contains_the_value_and_floor_holds(
    age: int, km: int, segment: Segment, energy: Energy, condition: Condition
) -> None:
    result = depreciated_value(PRICE, AS_OF - timedelta(days=age), AS_OF, km, segment, energy, condition)
    assert D(0) < result.low <= result.value <= result.high
    assert result.retained >= DepreciationConfig().curve(segment, energy).floor


def test_condition_grades_order_the_value() -> None:
    values = [value(3 * 365, 60_000, condition=c) for c in Condition]
    assert values == sorted(values, reverse=True) and len(set(values)) == 5


def test_curves_and_expected_mileage_are_configurable() -> None:
    slow = DepreciationConfig(base_curves={s: Curve(D("0.05"), D("0.03")) for s in Segment})
    registered = AS_OF - timedelta(days=3 * 365)
    default = depreciated_value(PRICE, registered, AS_OF, 60_000, Segment.SUV)
    configured = depreciated_value(PRICE, registered, AS_OF, 60_000, Segment.SUV, config=slow)
    assert configured.value > default.value and configured.config_version == default.config_version
    heavy_use = DepreciationConfig(expected_km_per_year=D(10000))
    assert depreciated_value(PRICE, registered, AS_OF, 60_000, Segment.SUV, config=heavy_use).value < default.value


@pytest.mark.parametrize(
    "kwargs",
    [{"new_price": D(0)}, {"mileage_km": -1}, {"first_registered": AS_OF + timedelta(days=1)}],
)
def test_bad_inputs_are_refused(kwargs: dict[str, object]) -> None:
    args: dict[str, object] = {"new_price": PRICE, "first_registered": date(2020, 1, 1), "as_of": AS_OF,
                               "mileage_km": 10_000, "segment": Segment.ECONOMY, **kwargs}
    with pytest.raises(ValueError):
        depreciated_value(**args)  # type: ignore[arg-type]


def test_curve_fractions_are_checked() -> None:
    with pytest.raises(ValueError, match="annual_rate"):
        Curve(D("0.1"), D("1.2"))
