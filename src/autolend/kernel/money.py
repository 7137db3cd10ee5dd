"""Money: Decimal yuan amounts and the rounding rules a product applies to them.

Amounts are ``Decimal`` yuan. A float is never accepted for an amount: ``money(0.1)`` raises,
because a binary float cannot hold most fen values exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

ZERO = Decimal("0")
FEN = Decimal("0.01")


class Rounding(StrEnum):
    """Rounding mode of a product. Half-up is the Chinese market's habit (四舍五入)."""

    HALF_UP = "half-up"
    HALF_EVEN = "half-even"

    @property
    def decimal_mode(self) -> str:
        return ROUND_HALF_UP if self is Rounding.HALF_UP else ROUND_HALF_EVEN


def money(value: Decimal | int | str) -> Decimal:
    """Parse an amount given as Decimal, int or decimal string; refuse floats and non-finite values."""
    if isinstance(value, float):
        raise TypeError("amounts must be Decimal, int or str, never float")
    try:
        result = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ValueError(f"not a decimal amount: {value!r}") from exc
    if not result.is_finite():
        raise ValueError(f"not a finite amount: {value!r}")
    return result


@dataclass(frozen=True)
class MoneyRules:
    """How a product rounds money.

    decimals: places kept (2 = fen). rounding: the mode at every rounding point.
    amount_multiples_of: every amount is a multiple of this (Fineract's currency "in multiples of").
    installment_multiples_of: the regular instalment is a multiple of this (e.g. 1 yuan or 10 yuan).
    """

    decimals: int = 2
    rounding: Rounding = Rounding.HALF_UP
    amount_multiples_of: Decimal | None = None
    installment_multiples_of: Decimal | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.decimals <= 6:
            raise ValueError("decimals must be between 0 and 6")
        for name in ("amount_multiples_of", "installment_multiples_of"):
            step = getattr(self, name)
            if step is not None and step <= 0:
                raise ValueError(f"{name} must be positive")

    @property
    def quantum(self) -> Decimal:
        return Decimal(1).scaleb(-self.decimals)

    def round(self, amount: Decimal) -> Decimal:
        """Round an amount once: to its amount multiple if the product has one, else to its places.

        Rounding once matters: 51.745 in multiples of 0.10 is 51.70; rounding first to the fen
        (51.75) and then to the multiple would give 51.80.
        """
        if self.amount_multiples_of is not None:
            return round_to_multiple(amount, self.amount_multiples_of, self.rounding).quantize(self.quantum)
        return amount.quantize(self.quantum, rounding=self.rounding.decimal_mode)

    def round_installment(self, amount: Decimal) -> Decimal:
        """Round a regular instalment: the exact amount straight to the instalment multiple (as Fineract's
        ``roundToMultiplesOf`` on the unrounded pmt, so 304.499 in multiples of 1 is 304, never 304.50 → 305),
        then to the product's places and amount multiple."""
        if self.installment_multiples_of is not None:
            amount = round_to_multiple(amount, self.installment_multiples_of, self.rounding)
        return self.round(amount)


def round_to_multiple(amount: Decimal, step: Decimal, rounding: Rounding = Rounding.HALF_UP) -> Decimal:
    """Nearest multiple of ``step`` (ties by ``rounding``): 1,234.50 in multiples of 10 → 1,230.00."""
    units = (amount / step).quantize(Decimal(1), rounding=rounding.decimal_mode)
    return units * step


def fen(amount: Decimal) -> Decimal:
    """Round half-up to the fen: the default posting point."""
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)
