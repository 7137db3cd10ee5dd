"""Pure checks of a journal entry before it is written (the database checks balance again)."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

ZERO = Decimal("0")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Leg:
    """One line to post: ``account`` is an account code; exactly one of debit/credit is > 0 (yuan)."""

    account: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    subledger: str = ""
    currency: str = "CNY"


def entry_errors(legs: Sequence[Leg]) -> list[str]:
    """Why these legs cannot be posted; empty when they can."""
    errors: list[str] = []
    if len(legs) < 2:
        errors.append("an entry needs at least two lines")
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for n, leg in enumerate(legs):
        for side in (leg.debit, leg.credit):
            if side < 0:
                errors.append(f"line {n}: amounts must not be negative")
            if side != side.quantize(CENT):
                errors.append(f"line {n}: amounts are in fen (2 decimal places)")
        if (leg.debit > 0) == (leg.credit > 0):
            errors.append(f"line {n}: exactly one of debit and credit must be positive")
        totals[leg.currency] += leg.debit - leg.credit
    for currency, difference in sorted(totals.items()):
        if difference != 0:
            errors.append(f"not balanced in {currency}: debits exceed credits by {difference}")
    return errors


def net_legs(legs: Sequence[Leg]) -> list[Leg]:
    """Legs with zero amounts dropped: services build legs from allocations that may be zero."""
    return [leg for leg in legs if leg.debit > 0 or leg.credit > 0]


def request_hash(payload: Any) -> str:
    """Stable hash of a request body for idempotency: same key + same body = same request."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()
