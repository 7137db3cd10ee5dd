"""What the parties services share: the recorded-at clock, field checks, audit snapshots."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone

from autolend.parties.errors import FieldIssue, issue
from autolend.parties.kyc import mask
from autolend.parties.models import Borrower, Dealer

MAX_INCOME = Decimal(10) ** 12


def now() -> datetime:
    """When a row was recorded (metadata, not a business date)."""
    return timezone.now()


def text_field(issues: list[FieldIssue], field: str, value: str, max_length: int, *, required: bool = False,
               code_required: str = "name_required") -> str:
    """``value`` with runs of whitespace collapsed; appends an issue when missing or too long."""
    text = " ".join((value or "").split())
    if required and not text:
        issues.append(issue(field, code_required))
    elif len(text) > max_length:
        issues.append(issue(field, "too_long"))
    return text


def yuan(issues: list[FieldIssue], field: str, value: Decimal | str | int | None) -> Decimal:
    """A non-negative amount in yuan to the fen; appends ``income_invalid`` when it is not."""
    try:
        amount = Decimal(str(value if value not in (None, "") else 0).strip())
    except InvalidOperation:
        amount = Decimal(-1)
    if not amount.is_finite() or amount < 0 or amount >= MAX_INCOME or amount != amount.quantize(Decimal("0.01")):
        issues.append(issue(field, "income_invalid"))
        return Decimal(0)
    return amount.quantize(Decimal("0.01"))


def borrower_snapshot(borrower: Borrower) -> dict[str, Any]:
    """The audit view of a borrower: identifiers masked, so the trail spreads no full ID."""
    return {
        "name": borrower.name, "resident_id": mask(borrower.resident_id), "mobile": mask(borrower.mobile, 3, 4),
        "birth_date": borrower.birth_date, "sex": borrower.sex, "monthly_income": borrower.monthly_income,
        "kyc_status": borrower.kyc_status, "user_id": borrower.user_id,
    }


def dealer_snapshot(dealer: Dealer) -> dict[str, Any]:
    return {
        "name": dealer.name, "uscc": dealer.uscc, "bank_name": dealer.bank_name,
        "bank_account_number": mask(dealer.bank_account_number), "province": dealer.province,
        "status": dealer.status,
    }
