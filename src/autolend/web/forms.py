"""Forms of the public pages. They validate and normalise input; the kernel does the arithmetic."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from autolend.kernel.schedule import Method

COMMON_TERMS = (12, 24, 36, 48, 60)
MIN_TERM, MAX_TERM = 1, 84
MAX_AMOUNT = Decimal("100000000")  # 1亿: far above any car, far below the kernel's limits
EARLIEST_DATE, LATEST_DATE = date(2000, 1, 1), date(2099, 12, 31)
# %% because Django formats range messages with the limit as a parameter.
RATE_RANGE = _("Enter an annual interest rate between 0%% and 36%%.")

METHOD_CHOICES = [
    (Method.ANNUITY.value, _("Equal instalments (annuity)")),
    (Method.EQUAL_PRINCIPAL.value, _("Equal principal")),
    (Method.INTEREST_ONLY.value, _("Interest only, principal at the end")),
    (Method.BALLOON.value, _("Balloon (lump sum at the end)")),
    (Method.FLAT.value, _("Flat rate")),
]

# Query-string values of the page when nothing is given (the date is added by the view).
DEFAULTS: dict[str, str] = {
    "price": "150000",
    "down_payment": "30000",
    "term": "36",
    "method": Method.ANNUITY.value,
    "balloon": "",
    "rate": "8.88",
    "service_fee": "2000",
    "gps_fee": "1500",
    "monthly_fee": "0",
}

# Thousands separators, spaces, currency and percent signs people type around numbers.
_IGNORED = str.maketrans("", "", ",\uff0c \u00a0\u00a5\uffe5%\uff05")


class _NumberField(forms.DecimalField):
    """A decimal typed as text: accepts "150,000", "¥150000" or "8.88%" as people write them."""

    def __init__(self, **kwargs: Any) -> None:
        attrs = {"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"}
        kwargs.setdefault("widget", forms.TextInput(attrs=attrs))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            value = value.translate(_IGNORED)
        result: Decimal | None = super().to_python(value)
        return result

    def run_validators(self, value: Any) -> None:
        """One message, not two, when both the range and the digit count are exceeded."""
        try:
            super().run_validators(value)
        except forms.ValidationError as error:
            raise forms.ValidationError(list(dict.fromkeys(error.messages))) from None


def _amount(label: str, required: bool, message: str, max_value: Decimal = MAX_AMOUNT, **kw: Any) -> _NumberField:
    """A yuan amount, whole fen, 0 … ``max_value``; ``message`` explains every range error."""
    return _NumberField(
        label=label,
        required=required,
        min_value=kw.pop("min_value", Decimal(0)),
        max_value=max_value,
        max_digits=14,
        decimal_places=2,
        error_messages={
            "required": _("Enter an amount."),
            "invalid": _("Enter an amount in yuan, for example 150000 or 150,000.00."),
            "min_value": message,
            "max_value": message,
            "max_digits": message,
            "max_whole_digits": message,
            "max_decimal_places": _("Enter the amount to the fen: at most 2 decimal places."),
        },
        **kw,
    )


def term_choices() -> list[tuple[Any, Any]]:
    """The common terms first, then every other term up to MAX_TERM (built per request: translated)."""

    def label(months: int) -> str:
        text = ngettext("%(n)d month", "%(n)d months", months) % {"n": months}
        if months % 12 == 0:
            years = ngettext("%(n)d year", "%(n)d years", months // 12) % {"n": months // 12}
            return _("%(months)s (%(years)s)") % {"months": text, "years": years}
        return text

    common = [(months, label(months)) for months in COMMON_TERMS]
    others = [(months, label(months)) for months in range(MIN_TERM, MAX_TERM + 1) if months not in COMMON_TERMS]
    return [*common, (_("Other terms"), others)]


def _is_term(raw: object) -> bool:
    return isinstance(raw, str) and raw.strip().isdigit() and MIN_TERM <= int(raw) <= MAX_TERM


class CalculatorForm(forms.Form):
    """The loan calculator's inputs. Cross-field rules here; the schedule's own rules in the kernel."""

    price = _amount(
        _("Vehicle price"), True, _("Enter a vehicle price between 1,000 and 100,000,000 yuan."),
        min_value=Decimal(1000),
    )
    down_payment = _amount(
        _("Down payment"), True, _("Enter a down payment between 0 and the vehicle price."),
    )
    term = forms.TypedChoiceField(
        label=_("Term"),
        coerce=int,
        choices=(),
        error_messages={
            "required": _("Choose a term."),
            "invalid_choice": _("Choose a term between 1 and 84 months."),
        },
    )
    method = forms.ChoiceField(
        label=_("Repayment method"),
        choices=METHOD_CHOICES,
        error_messages={
            "required": _("Choose a repayment method."),
            "invalid_choice": _("Choose one of the listed repayment methods."),
        },
    )
    balloon = _amount(
        _("Balloon payment"), False, _("Enter a balloon payment less than the loan amount."),
        help_text=_("Paid with the last instalment; balloon method only."),
    )
    rate = _NumberField(
        label=_("Annual rate"),
        min_value=Decimal(0),
        max_value=Decimal(36),
        max_digits=8,
        decimal_places=4,
        error_messages={
            "required": _("Enter the annual interest rate."),
            "invalid": _("Enter the annual interest rate as a number, for example 8.88."),
            "min_value": RATE_RANGE,
            "max_value": RATE_RANGE,
            "max_digits": RATE_RANGE,
            "max_whole_digits": RATE_RANGE,
            "max_decimal_places": _("Enter the rate with at most 4 decimal places."),
        },
    )
    service_fee = _amount(
        _("Service fee"), True, _("Enter a service fee between 0 and 100,000,000 yuan."),
        help_text=_("Paid upfront; counted in the APR."),
    )
    gps_fee = _amount(
        _("GPS fee"), True, _("Enter a GPS fee between 0 and 100,000,000 yuan."),
        help_text=_("Paid upfront; counted in the APR."),
    )
    monthly_fee = _amount(
        _("Monthly fee"), True, _("Enter a monthly fee between 0 and 1,000,000 yuan."),
        max_value=Decimal(1000000),
        help_text=_("Charged with every instalment."),
    )
    disbursed = forms.DateField(
        label=_("Disbursement date"),
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the disbursement date."),
            "invalid": _("Enter the disbursement date as YYYY-MM-DD."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        term = self.fields["term"]
        assert isinstance(term, forms.TypedChoiceField)
        term.choices = term_choices()
        if self.is_bound and not _is_term(self.data.get("term")):
            # Without a blank choice the browser would show the first term as if it were chosen.
            term.choices = [("", _("Choose a term")), *term.choices]
        self.fields["disbursed"].widget.attrs.update(
            min=EARLIEST_DATE.isoformat(), max=LATEST_DATE.isoformat()
        )

    def clean_disbursed(self) -> date:
        value: date = self.cleaned_data["disbursed"]
        if not EARLIEST_DATE <= value <= LATEST_DATE:
            raise forms.ValidationError(
                _("Enter a disbursement date between 2000-01-01 and 2099-12-31."), code="range"
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        price, down = data.get("price"), data.get("down_payment")
        if price is not None and down is not None and down >= price:
            self.add_error(
                "down_payment", forms.ValidationError(
                    _("The down payment must be less than the vehicle price."), code="down_payment"
                )
            )
        if data.get("method") == Method.BALLOON.value and "balloon" not in self.errors:
            balloon, loan = data.get("balloon"), self.loan_amount()
            if balloon is None or balloon <= 0:
                self.add_error("balloon", forms.ValidationError(
                    _("Enter the balloon payment for the balloon method."), code="balloon_required"
                ))
            elif loan is not None and balloon >= loan:
                self.add_error("balloon", forms.ValidationError(
                    _("The balloon payment must be less than the loan amount."), code="balloon"
                ))
        return data

    def loan_amount(self) -> Decimal | None:
        """Vehicle price less down payment, once both are valid and the price is the larger."""
        data = getattr(self, "cleaned_data", {})
        price, down = data.get("price"), data.get("down_payment")
        if price is None or down is None or down >= price:
            return None
        return Decimal(price - down)
