"""``Units.amount`` turns integer units back into yuan with exactly the product's places: the same
Decimal (digits and exponent) as dividing by the scale and quantizing, for any sign and size."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from autolend.kernel.money import MoneyRules
from autolend.kernel.units import Units


@given(units=st.integers(min_value=-(10**20), max_value=10**20), decimals=st.integers(min_value=0, max_value=4))
def test_amount_equals_divide_then_quantize(units: int, decimals: int) -> None:
    rules = MoneyRules(decimals=decimals)
    expected = (Decimal(units) / 10**decimals).quantize(rules.quantum)
    got = Units(rules).amount(units)
    assert got.as_tuple() == expected.as_tuple()
    assert str(got) == str(expected)


def test_fen_examples() -> None:
    fen = Units(MoneyRules(decimals=2))
    assert [str(fen.amount(n)) for n in (0, 1, -1, 12345, 100)] == ["0.00", "0.01", "-0.01", "123.45", "1.00"]
