"""The two-factor code form."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

_CODE = re.compile(r"^\d{6,8}$")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("6-digit code"), max_length=12, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "autofocus": True, "pattern": "[0-9 ]*"}),
    )

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"]).replace(" ", "")
        if not _CODE.match(code):
            raise forms.ValidationError(_("Enter the 6 digits your authenticator app shows."))
        return code
