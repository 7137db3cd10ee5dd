"""Helpers for the portal's tests (integration and browser): the last SMS code sent to a number,
a borrower's answers for every application step, a valid bank card. Not used by production code."""

from __future__ import annotations

import re
from typing import Any

from autolend.integrations.messaging import SimulatedSender
from autolend.origination import testing as t

BANK_CARD = "6222020200112233446"  # Luhn-valid


def last_code(phone: str) -> str:
    """The 6-digit code in the newest simulated SMS to ``phone``."""
    for message in reversed(SimulatedSender.outbox):
        if message.to == phone:
            found = re.search(r"(?<!\d)(\d{6})(?!\d)", message.body)
            if found:
                return found.group(1)
    raise AssertionError(f"no code was sent to {phone}")


def answers(*, employment_years: str = "5", **changes: Any) -> dict[str, dict[str, str]]:
    """Each step's form fields for a borrower who qualifies (``employment_years`` under 0.5
    makes the engine refer the application to an underwriter)."""
    steps = {
        "identity": {"name": "王芳", "resident_id": t.unique_resident_id(), "bank_card": BANK_CARD, "consent": "on"},
        "income": {"monthly_income": "20000", "employer": "上海汽车", "employment_years": employment_years},
        "vehicle": {"vin": t.vin(), "vehicle_make": "大众", "vehicle_model": "朗逸", "vehicle_year": "2025",
                    "vehicle_condition": "new", "vehicle_price": "150000", "new_price": "", "mileage_km": "0"},
        "purchase": {"down_payment": "45000", "amount": "105000", "term_months": "36"},
    }
    for step in steps.values():
        for key in list(step):
            if key in changes:
                step[key] = changes[key]
    return steps
