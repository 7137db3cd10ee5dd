"""The form of a proposed product version (the pricing and terms staff change most often); the
other settings are copied from the version it starts from. The products services check again."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import pgettext_lazy

from autolend.products.choices import RepaymentMethod, VehicleCategory
from autolend.products.version_settings import decimal_text

PERCENT = {"max_digits": 7, "decimal_places": 4, "min_value": Decimal(0), "max_value": Decimal(100)}


def _p(text: str) -> Any:
    return pgettext_lazy("products", text)


class VersionForm(forms.Form):
    effective_from = forms.DateField(label=_p("Effective from"), widget=forms.DateInput(attrs={"type": "date"}))
    rate_min = forms.DecimalField(label=_p("Minimum annual rate (%)"), **PERCENT)
    rate_max = forms.DecimalField(label=_p("Maximum annual rate (%)"), **PERCENT)
    terms_months = forms.CharField(label=_p("Terms (months, comma-separated)"), max_length=200)
    repayment_methods = forms.MultipleChoiceField(label=_p("Repayment methods"), choices=RepaymentMethod.choices,
                                                  widget=forms.CheckboxSelectMultiple)
    min_down_payment_pct = forms.DecimalField(label=_p("Minimum down payment (%)"), **PERCENT)
    penalty_markup_pct = forms.DecimalField(label=_p("Penalty rate markup (%)"), **PERCENT)
    note = forms.CharField(label=_p("Why this change"), max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in VehicleCategory.choices:
            self.fields[f"ltv_{value}"] = forms.DecimalField(
                label=_p("Maximum LTV (%%): %(category)s") % {"category": label}, required=False,
                max_digits=7, decimal_places=4, min_value=Decimal("0.01"), max_value=Decimal(100))

    @classmethod
    def initial_from(cls, settings: dict[str, Any]) -> dict[str, Any]:
        initial = {name: settings[name] for name in ("rate_min", "rate_max", "repayment_methods",
                                                     "min_down_payment_pct", "penalty_markup_pct")}
        initial["terms_months"] = ", ".join(str(t) for t in settings["terms_months"])
        for category, cap in (settings.get("ltv_caps") or {}).items():
            initial[f"ltv_{category}"] = cap
        return initial

    def clean_terms_months(self) -> list[int]:
        raw = [part.strip() for part in self.cleaned_data["terms_months"].replace("，", ",").split(",") if part.strip()]
        if not raw or not all(part.isdigit() and 1 <= int(part) <= 120 for part in raw):
            raise forms.ValidationError(_p("List terms of 1 to 120 months, separated by commas."))
        return sorted({int(part) for part in raw})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("rate_min"), data.get("rate_max")
        if low is not None and high is not None and low > high:
            self.add_error("rate_min", _p("The minimum rate must not exceed the maximum rate."))
        if not any(data.get(f"ltv_{value}") for value in VehicleCategory.values) and not self.errors:
            self.add_error(None, _p("Give a maximum LTV for at least one vehicle category."))
        return data

    def ltv_fields(self) -> list[forms.BoundField]:
        return [self[f"ltv_{value}"] for value in VehicleCategory.values]

    def settings_from(self, base: dict[str, Any]) -> dict[str, Any]:
        """``base`` (a version's settings) with this form's values."""
        data = self.cleaned_data
        changed = {**base, "terms_months": data["terms_months"], "repayment_methods": data["repayment_methods"]}
        for name in ("rate_min", "rate_max", "min_down_payment_pct", "penalty_markup_pct"):
            changed[name] = decimal_text(data[name])
        changed["ltv_caps"] = {value: decimal_text(data[f"ltv_{value}"]) for value in VehicleCategory.values
                               if data.get(f"ltv_{value}")}
        return changed


class RejectForm(forms.Form):
    reason = forms.CharField(label=_p("Reason"), max_length=200)
