"""Forms of the portal's account pages: register, sign in, one-time code."""

from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from autolend.portal.services.accounts import AccountError, phone_normalised


class PhoneField(forms.CharField):
    def clean(self, value: object) -> str:
        raw = super().clean(value)
        try:
            return phone_normalised(str(raw))
        except AccountError as exc:
            raise forms.ValidationError(exc.message) from None


def _phone() -> PhoneField:
    return PhoneField(label=_("Mobile number"), max_length=20,
                      widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
                      error_messages={"required": _("Enter your mobile number.")})


class RegisterForm(forms.Form):
    phone = _phone()
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                               error_messages={"required": _("Choose a password.")})
    password2 = forms.CharField(label=_("Password again"),
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                error_messages={"required": _("Enter the password again.")})

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("password") and data.get("password2") and data["password"] != data["password2"]:
            self.add_error("password2", _("The two passwords differ."))
        elif data.get("password"):
            try:
                validate_password(str(data["password"]))
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data


class LoginForm(forms.Form):
    phone = _phone()
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
                               error_messages={"required": _("Enter your password.")})


class CodeForm(forms.Form):
    code = forms.RegexField(label=_("Code from the SMS"), regex=r"^\s*\d{6}\s*$", max_length=12,
                            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
                            error_messages={"required": _("Enter the 6-digit code."),
                                            "invalid": _("Enter the 6-digit code.")})
