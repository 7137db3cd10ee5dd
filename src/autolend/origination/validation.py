"""Checking an application's vehicle and purchase fields (pure: no database, no clock).

``application_fields_check(raw, as_of)`` returns the normalised values and every ``FieldIssue``
found (empty when valid): VIN by ``vehicles.vin.vin_check`` (ISO 3779 / GB 16735 check digit),
amounts in yuan to the fen, the term, the model year, mileage, and the applicant's declared
income and tenure. Field names are the API's.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from autolend.origination.errors import issue
from autolend.parties.errors import FieldIssue
from autolend.vehicles.vin import vin_check

MAX_AMOUNT = Decimal(10) ** 10  # 10 billion yuan: anything above is a typo
CENT = Decimal("0.01")


def yuan(issues: list[FieldIssue], field: str, raw: Any, code: str, *, allow_zero: bool = False,
         required: bool = True) -> Decimal | None:
    """An amount in yuan to the fen (more than 0, or 0 or more with ``allow_zero``)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if required:
            issues.append(issue(field, code))
        return None
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        value = Decimal(-1)
    if isinstance(raw, bool) or not value.is_finite() or value < 0 or (value == 0 and not allow_zero) \
            or value >= MAX_AMOUNT or value != value.quantize(CENT):
        issues.append(issue(field, code))
        return None
    return value.quantize(CENT)


def whole(issues: list[FieldIssue], field: str, raw: Any, code: str, low: int, high: int) -> int | None:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, AttributeError):
        value = Decimal(-1)
    if isinstance(raw, bool) or not value.is_finite() or value != value.to_integral_value() \
            or not low <= value <= high:
        issues.append(issue(field, code))
        return None
    return int(value)


def text(issues: list[FieldIssue], field: str, raw: Any, max_length: int, *, required: bool = True) -> str:
    value = " ".join(str(raw or "").split())
    if required and not value:
        issues.append(issue(field, "text_required"))
    elif len(value) > max_length:
        issues.append(issue(field, "too_long"))
    return value


def vin_issues(raw: Any) -> tuple[str, list[FieldIssue]]:
    """The normalised VIN and its errors (warnings, e.g. an unknown maker, are not errors)."""
    checked = vin_check(str(raw or ""))
    return checked["vin"], [FieldIssue("vin", e["code"], e["message_en"], e["message_zh"]) for e in checked["errors"]]


def application_fields_check(raw: Mapping[str, Any], as_of: date) -> tuple[dict[str, Any], list[FieldIssue]]:
    """Normalised values of the vehicle, purchase and declared-applicant fields, and every issue."""
    issues: list[FieldIssue] = []
    vin, found = vin_issues(raw.get("vin"))
    issues += found
    condition = str(raw.get("vehicle_condition") or "").strip()
    if condition not in ("new", "used"):
        issues.append(issue("vehicle_condition", "condition_invalid"))
    use = str(raw.get("vehicle_use") or "self_use").strip()
    if use not in ("self_use", "commercial"):
        issues.append(issue("vehicle_use", "use_invalid"))
    values: dict[str, Any] = {
        "vin": vin,
        "vehicle_make": text(issues, "vehicle_make", raw.get("vehicle_make"), 40),
        "vehicle_model": text(issues, "vehicle_model", raw.get("vehicle_model"), 60),
        "vehicle_year": whole(issues, "vehicle_year", raw.get("vehicle_year"), "year_invalid", 1990, as_of.year + 1),
        "vehicle_condition": condition,
        "new_energy": bool(raw.get("new_energy", False)),
        "vehicle_use": use,
        "mileage_km": whole(issues, "mileage_km", raw.get("mileage_km", 0), "mileage_invalid", 0, 2_000_000),
        "new_price": yuan(issues, "new_price", raw.get("new_price"), "new_price_invalid", required=False),
        "vehicle_price": yuan(issues, "vehicle_price", raw.get("vehicle_price"), "price_invalid"),
        "down_payment": yuan(issues, "down_payment", raw.get("down_payment", 0), "down_payment_invalid",
                             allow_zero=True),
        "amount": yuan(issues, "amount", raw.get("amount"), "amount_invalid"),
        "term_months": whole(issues, "term_months", raw.get("term_months"), "term_invalid", 1, 120),
        "monthly_income": yuan(issues, "monthly_income", raw.get("monthly_income"), "income_invalid",
                               allow_zero=True, required=False),
        "employment_years": None,
        "device_id": text(issues, "device_id", raw.get("device_id"), 64, required=False),
    }
    tenure = raw.get("employment_years")
    if tenure not in (None, ""):
        years = yuan(issues, "employment_years", tenure, "employment_invalid", allow_zero=True)
        if years is not None and years > 60:
            issues.append(issue("employment_years", "employment_invalid"))
        values["employment_years"] = None if years is None else years.quantize(Decimal("0.1"))
    price, down, amount = values["vehicle_price"], values["down_payment"], values["amount"]
    if price is not None and down is not None and down >= price:
        issues.append(issue("down_payment", "down_payment_too_high"))
    elif price is not None and down is not None and amount is not None and amount > price - down:
        issues.append(issue("amount", "amount_over_price"))
    return values, issues
