"""The fields of each application step as the pages show them (labels, input kinds, choices).
Checking is the services' (``services.applying.step_issues``), so the rules live in one place."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Field:
    name: str
    label: Any
    kind: str = "text"  # text | number | checkbox | select
    inputmode: str = ""
    help: Any = ""
    required: bool = True
    choices: tuple[tuple[str, Any], ...] = field(default=())


TERMS = tuple((str(n), _("%(n)s months") % {"n": n}) for n in (12, 24, 36, 48, 60))

FIELDS: dict[str, tuple[Field, ...]] = {
    "identity": (
        Field("name", _("Full name (as on the ID card)")),
        Field("resident_id", _("Resident ID number"), help=_("18 characters")),
        Field("bank_card", _("Bank card number"), inputmode="numeric",
              help=_("The loan is paid to this card and repayments are collected from it.")),
        Field("consent", _("I agree to the credit report authorization below."), kind="checkbox"),
    ),
    "income": (
        Field("monthly_income", _("Monthly income (yuan)"), inputmode="decimal"),
        Field("employer", _("Employer"), required=False),
        Field("employment_years", _("Years with the current employer"), inputmode="decimal"),
    ),
    "vehicle": (
        Field("vin", _("VIN (17 characters)")),
        Field("vehicle_make", _("Make")),
        Field("vehicle_model", _("Model")),
        Field("vehicle_year", _("Model year"), inputmode="numeric"),
        Field("vehicle_condition", _("New or used"), kind="select", choices=(("new", _("New")), ("used", _("Used")))),
        Field("vehicle_price", _("Price (yuan)"), inputmode="decimal"),
        Field("new_price", _("New-car price (yuan, used cars)"), inputmode="decimal", required=False),
        Field("mileage_km", _("Mileage (km)"), inputmode="numeric", required=False),
    ),
    "purchase": (
        Field("down_payment", _("Down payment (yuan)"), inputmode="decimal"),
        Field("amount", _("Loan amount (yuan)"), inputmode="decimal"),
        Field("term_months", _("Term"), kind="select", choices=TERMS),
    ),
}


def posted(step: str, post: Any) -> dict[str, Any]:
    """The step's answers from a POST (a checkbox is True or False)."""
    values: dict[str, Any] = {}
    for item in FIELDS[step]:
        if item.kind == "checkbox":
            values[item.name] = post.get(item.name) in ("on", "1", "true")
        else:
            values[item.name] = " ".join(str(post.get(item.name, "")).split())
    return values

