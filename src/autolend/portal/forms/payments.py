"""The payment forms of the loan page; the key is the idempotency key of the whole payment."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

AMOUNT_ERRORS = {"required": _("Enter an amount in yuan."), "invalid": _("Enter an amount in yuan."),
                 "min_value": _("Enter an amount of more than 0."),
                 "max_decimal_places": _("Amounts are to the fen: at most 2 decimals."),
                 "max_digits": _("This amount is too large."), "max_whole_digits": _("This amount is too large.")}


class PayForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount (yuan)"), max_digits=14, decimal_places=2,
                                min_value=Decimal("0.01"), error_messages=AMOUNT_ERRORS,
                                widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    key = forms.CharField(max_length=80, widget=forms.HiddenInput)


class PayoffForm(forms.Form):
    key = forms.CharField(max_length=80, widget=forms.HiddenInput)
