"""Exact integer arithmetic in a product's smallest money unit (the fen for two decimals)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from autolend.kernel.money import MoneyRules, Rounding


def round_div(numerator: int, denominator: int, rounding: Rounding) -> int:
    """numerator ÷ denominator rounded to an integer, ties by ``rounding`` (denominator > 0)."""
    sign = -1 if numerator < 0 else 1
    quotient, remainder = divmod(abs(numerator), denominator)
    twice = 2 * remainder
    if twice > denominator or (twice == denominator and (rounding is Rounding.HALF_UP or quotient % 2)):
        quotient += 1
    return sign * quotient


class Units:
    """Converts yuan to integer units and back, and rounds products and quotients exactly."""

    def __init__(self, rules: MoneyRules) -> None:
        self.rules = rules
        self.scale: int = 10**rules.decimals
        self.quantum = rules.quantum
        step = rules.amount_multiples_of
        self.step = int(step * self.scale) if step is not None else 1
        if step is not None and Decimal(self.step) != step * self.scale:
            raise ValueError("amount_multiples_of must be a whole number of the smallest unit")

    def of(self, amount: Decimal) -> int:
        """Yuan → units; the amount must already be rounded to the product's places."""
        scaled = amount * self.scale
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{amount} has more than {self.rules.decimals} decimal places")
        return int(scaled)

    def amount(self, units: int) -> Decimal:
        """Units → yuan with exactly the product's places (what ÷ scale then quantize gives, faster)."""
        return Decimal(units).scaleb(-self.rules.decimals)

    def mul(self, units: int, rate: Fraction) -> int:
        """units × rate, rounded once, exactly (straight to the amount multiple when there is one)."""
        step = self.step
        rounded = round_div(units * rate.numerator, rate.denominator * step, self.rules.rounding)
        return rounded * step

    def div(self, units: int, count: int) -> int:
        """units ÷ count, rounded once, exactly (straight to the amount multiple when there is one)."""
        return round_div(units, count * self.step, self.rules.rounding) * self.step
