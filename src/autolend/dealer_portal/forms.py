"""Dealer-portal forms. They collect text; the rules (KYC, VIN, amounts, product in force) are
origination's, so a refused field comes back from ``application_intake`` and is shown on its field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import pgettext_lazy

from autolend.origination.models import (
    ApplicationStatus,
    DocumentType,
    VehicleCondition,
    VehicleUse,
)


def _p(text: str) -> Any:
    return pgettext_lazy("dealer", text)


class ApplicationForm(forms.Form):
    # the customer (KYC)
    name = forms.CharField(label=_p("Customer name"), max_length=50)
    resident_id = forms.CharField(label=_p("Resident ID number"), max_length=20)
    mobile = forms.CharField(label=_p("Mobile number"), max_length=20)
    monthly_income = forms.CharField(label=_p("Monthly income (yuan)"), max_length=20)
    employment_years = forms.CharField(label=_p("Years with the current employer"), max_length=6, required=False)
    employer = forms.CharField(label=_p("Employer"), max_length=100, required=False)
    address = forms.CharField(label=_p("Address"), max_length=200, required=False)
    # the car
    vin = forms.CharField(label=_p("VIN"), max_length=20)
    vehicle_make = forms.CharField(label=_p("Make"), max_length=40)
    vehicle_model = forms.CharField(label=_p("Model"), max_length=60)
    vehicle_year = forms.CharField(label=_p("Model year"), max_length=4)
    vehicle_condition = forms.ChoiceField(label=_p("New or used"), choices=VehicleCondition.choices)
    new_energy = forms.BooleanField(label=_p("New-energy vehicle"), required=False)
    vehicle_use = forms.ChoiceField(label=_p("Use"), choices=VehicleUse.choices)
    mileage_km = forms.CharField(label=_p("Mileage (km)"), max_length=9, required=False)
    new_price = forms.CharField(label=_p("New-car price (yuan, used cars)"), max_length=20, required=False)
    # the purchase
    product_code = forms.ChoiceField(label=_p("Product"))
    vehicle_price = forms.CharField(label=_p("Price (yuan)"), max_length=20)
    down_payment = forms.CharField(label=_p("Down payment (yuan)"), max_length=20)
    amount = forms.CharField(label=_p("Loan amount (yuan)"), max_length=20)
    term_months = forms.CharField(label=_p("Term (months)"), max_length=3)
    dealer = forms.ChoiceField(label=_p("Dealer"))
    consent = forms.BooleanField(
        label=_p("The customer signed the credit report authorization (征信授权书)"), required=False)

    def __init__(self, *args: Any, products: list[tuple[str, str]], dealers: list[tuple[int, str]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product_code"].choices = products
        self.fields["dealer"].choices = [(str(pk), name) for pk, name in dealers]
        if len(dealers) == 1:
            self.fields["dealer"].widget = forms.HiddenInput()
            self.fields["dealer"].initial = str(dealers[0][0])

    APPLICANT = ("name", "resident_id", "mobile", "monthly_income", "employment_years", "employer", "address")
    VEHICLE = ("vin", "vehicle_make", "vehicle_model", "vehicle_year", "vehicle_condition", "new_energy",
               "vehicle_use", "mileage_km", "new_price")
    PURCHASE = ("vehicle_price", "down_payment", "amount", "term_months")

    def applicant(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.APPLICANT}

    def fields_for_intake(self) -> dict[str, Any]:
        values = {name: self.cleaned_data[name] for name in self.VEHICLE + self.PURCHASE}
        values["mileage_km"] = values["mileage_km"] or 0
        values["new_price"] = values["new_price"] or None
        return values

    @property
    def applicant_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.APPLICANT]

    @property
    def vehicle_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.VEHICLE]

    @property
    def purchase_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("product_code", *self.PURCHASE, "dealer")]

    @property
    def consent_fields(self) -> list[forms.BoundField]:
        return [self["consent"]]


class DocumentForm(forms.Form):
    doc_type = forms.ChoiceField(label=_p("Document"), choices=DocumentType.choices)
    file = forms.FileField(label=_p("File (PDF, JPEG or PNG)"))


class PipelineFilterForm(forms.Form):
    status = forms.ChoiceField(label=_p("Status"), required=False,
                               choices=[("", _p("All"))] + list(ApplicationStatus.choices))
    q = forms.CharField(label=_p("Number, customer or VIN"), required=False, max_length=60)
    applied_from = forms.DateField(label=_p("Applied from"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))
    applied_to = forms.DateField(label=_p("Applied until"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))


class MonthForm(forms.Form):
    month = forms.RegexField(label=_p("Month"), regex=r"^\d{4}-(0[1-9]|1[0-2])$", required=False,
                             widget=forms.TextInput(attrs={"type": "month"}),
                             error_messages={"invalid": _p("Enter a month as YYYY-MM.")})
