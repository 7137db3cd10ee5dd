"""The loan calculator between the form and the kernel: request in, figures to display out.

``quote_for(form)`` builds the kernel request from a valid ``CalculatorForm`` (upfront fee = service
fee + GPS fee), calls ``terms_from_request`` and ``schedule_quote``, and turns a kernel input error
into a translated error on the matching form field. ``present(...)`` makes the page's figures:
amounts with thousands separators and two decimals, rates as percentages with two decimals.
No arithmetic of the loan happens here; only sums of what the kernel returned for display.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from autolend.kernel.apr import AprInputError
from autolend.kernel.quote import schedule_quote, terms_from_request
from autolend.kernel.schedule import Method, ScheduleInputError
from autolend.web.charts import Bar, ChartText, schedule_chart
from autolend.web.forms import RATE_RANGE, CalculatorForm

CENT = Decimal("0.01")
_HUGE_PERCENT = Decimal("1E7")
_SUPERSCRIPT = str.maketrans("-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")

# Kernel field -> (form field, message shown there). The form's own checks catch most of these
# first; the kernel has the last word (e.g. on fees larger than the loan).
_KERNEL_FIELDS: dict[str, tuple[str, Promise]] = {
    "principal": ("down_payment", gettext_lazy(
        "This loan amount (vehicle price less down payment) cannot be calculated; check both amounts."
    )),
    "annual_rate": ("rate", RATE_RANGE),
    "installments": ("term", gettext_lazy("Choose a term between 1 and 84 months.")),
    "method": ("method", gettext_lazy("Choose one of the listed repayment methods.")),
    "balloon": ("balloon", gettext_lazy("The balloon payment must be more than zero and less than the loan amount.")),
    "fee_upfront": ("service_fee", gettext_lazy(
        "The service fee and the GPS fee together must be less than the loan amount."
    )),
    "fee_per_installment": ("monthly_fee", gettext_lazy("Enter a monthly fee in yuan, to the fen.")),
    "disbursed": ("disbursed", gettext_lazy("Enter a valid disbursement date.")),
}


def kernel_request(data: Mapping[str, Any]) -> dict[str, str | int]:
    """The ``terms_from_request`` mapping of a form's cleaned data."""
    loan = data["price"] - data["down_payment"]
    request: dict[str, str | int] = {
        "principal": str(loan),
        "annual_rate": str(data["rate"]),
        "installments": int(data["term"]),
        "disbursed": data["disbursed"].isoformat(),
        "method": data["method"],
        "fee_upfront": str(data["service_fee"] + data["gps_fee"]),
        "fee_per_installment": str(data["monthly_fee"]),
    }
    if data["method"] == Method.BALLOON.value:
        request["balloon"] = str(data["balloon"])
    return request


def quote_for(form: CalculatorForm) -> dict[str, Any] | None:
    """The kernel's quote of a valid form, or None after adding the kernel's objection to the form."""
    try:
        return schedule_quote(terms_from_request(kernel_request(form.cleaned_data)))
    except ScheduleInputError as exc:
        field, message = _KERNEL_FIELDS.get(exc.field, (None, None))
        # The messages are %-format strings (as Django's range messages): "%%" is a percent sign.
        text = str(message) % {} if message else _("These terms cannot be calculated; check the inputs.")
        form.add_error(field, text)
    except AprInputError:
        form.add_error(None, _("The annualised rate of these terms cannot be calculated; check the inputs."))
    return None


def loan_hint(form: CalculatorForm) -> dict[str, str] | None:
    """Down-payment percent and loan amount for the hint under the down payment, once both are valid."""
    loan = form.loan_amount()
    if loan is None:
        return None
    data = form.cleaned_data
    return {"percent": _one_decimal(data["down_payment"] * 100 / data["price"]), "loan": yuan(loan)}


def yuan(value: Decimal | str) -> str:
    """An amount as displayed: thousands separators and two decimals (half-up), e.g. 3,809.27."""
    return f"{Decimal(value).quantize(CENT, ROUND_HALF_UP):,.2f}"


def percent(value: Decimal | str) -> str:
    """A rate in percent as displayed, without the sign: two decimals, half-up (11.4759 -> 11.48).

    Absurd rates (fees nearly as large as a short loan) can have dozens of digits; from ten
    million percent on they are shown to three significant digits, as 2.50×10⁶².
    """
    rate = Decimal(value)
    if abs(rate) < _HUGE_PERCENT:
        return f"{rate.quantize(CENT, ROUND_HALF_UP):,.2f}"
    with localcontext() as ctx:
        ctx.prec, ctx.rounding = 3, ROUND_HALF_UP
        rounded = +rate
    exponent = rounded.adjusted()
    return f"{rounded.scaleb(-exponent):.2f}×10{str(exponent).translate(_SUPERSCRIPT)}"


@dataclass(frozen=True)
class Row:
    n: int
    due_date: date
    principal: str
    interest: str
    fees: str
    total: str
    balance: str


@dataclass(frozen=True)
class Result:
    """Everything the results panel shows, formatted."""

    method: str
    is_flat: bool
    loan_amount: str
    price: str
    down_payment: str
    down_percent: str
    nominal_rate: str
    apr: str  # compound (IRR) annualised rate, the headline
    apr_simple: str  # periodic IRR x periods a year, labelled simple
    payment_label: str
    payment: str  # the headline monthly payment
    first_payment: str
    regular_payment: str | None
    final_payment: str | None
    final_label: str
    term: int
    first_due: date
    last_due: date
    upfront_fees: str
    service_fee: str
    gps_fee: str
    monthly_fee: str
    total_interest: str
    total_fees: str
    total_repayment: str
    total_cost: str
    total_outlay: str
    rows: tuple[Row, ...]
    totals_row: Row
    chart: SafeString


def present(data: Mapping[str, Any], quote: Mapping[str, Any]) -> Result:
    """The displayed figures of ``quote`` for the form data it came from."""
    method = data["method"]
    rows = quote["installments"]
    totals = quote["totals"]
    first, last = rows[0], rows[-1]
    fee = Decimal(data["monthly_fee"])
    regular: Decimal | None = None
    if totals["regular_installment"] is not None:  # annuity, balloon, flat: the level instalment
        regular = Decimal(totals["regular_installment"]) + fee
    elif method == Method.INTEREST_ONLY.value and len(rows) > 1:
        regular = Decimal(first["total"])
    final: Decimal | None = Decimal(last["total"]) if len(rows) > 1 else None
    if method == Method.EQUAL_PRINCIPAL.value:
        payment_label, payment = _("First monthly payment"), Decimal(first["total"])
    else:
        payment_label, payment = _("Monthly payment"), regular if regular is not None else Decimal(first["total"])
    final_label = {
        Method.BALLOON.value: _("Final payment, with the balloon"),
        Method.INTEREST_ONLY.value: _("Final payment, with the principal"),
        Method.EQUAL_PRINCIPAL.value: _("Last monthly payment"),
    }.get(method, _("Last monthly payment"))
    price, down = Decimal(data["price"]), Decimal(data["down_payment"])
    upfront = Decimal(totals["fee_upfront"])
    loan = Decimal(totals["principal"])
    total_cost = Decimal(totals["cost"])
    return Result(
        method=method,
        is_flat=method == Method.FLAT.value,
        loan_amount=yuan(loan),
        price=yuan(price),
        down_payment=yuan(down),
        down_percent=_one_decimal(down * 100 / price),
        nominal_rate=_rate(Decimal(data["rate"])),
        apr=percent(quote["apr"]["effective_annual_percent"]),
        apr_simple=percent(quote["apr"]["apr_percent"]),
        payment_label=payment_label,
        payment=yuan(payment),
        first_payment=yuan(first["total"]),
        regular_payment=None if regular is None else yuan(regular),
        final_payment=None if final is None else yuan(final),
        final_label=final_label,
        term=len(rows),
        first_due=date.fromisoformat(first["due_date"]),
        last_due=date.fromisoformat(last["due_date"]),
        upfront_fees=yuan(upfront),
        service_fee=yuan(data["service_fee"]),
        gps_fee=yuan(data["gps_fee"]),
        monthly_fee=yuan(fee),
        total_interest=yuan(totals["interest"]),
        total_fees=yuan(totals["fees"]),
        total_repayment=yuan(totals["repayment"]),
        total_cost=yuan(total_cost),
        total_outlay=yuan(price + total_cost),
        rows=tuple(
            Row(
                n=row["n"],
                due_date=date.fromisoformat(row["due_date"]),
                principal=yuan(row["principal"]),
                interest=yuan(row["interest"]),
                fees=yuan(row["fees"]),
                total=yuan(row["total"]),
                balance=yuan(row["balance"]),
            )
            for row in rows
        ),
        totals_row=Row(
            n=len(rows),
            due_date=date.fromisoformat(last["due_date"]),
            principal=yuan(totals["principal"]),
            interest=yuan(totals["interest"]),
            fees=yuan(sum((Decimal(row["fees"]) for row in rows), Decimal(0))),
            total=yuan(totals["repayment"]),
            balance=yuan(0),
        ),
        chart=chart_svg(quote),
    )


def chart_svg(quote: Mapping[str, Any]) -> SafeString:
    """The principal/interest chart of ``quote`` in the active language (escaped by ``charts``)."""
    text = ChartText(
        title=_("Principal and interest of each instalment"),
        description=_(
            "Stacked bars show the principal and the interest paid in each instalment; the line "
            "shows the principal still owed after it, on the right-hand axis."
        ),
        principal=_("Principal"),
        interest=_("Interest"),
        fees=_("Fees"),
        balance=_("Remaining principal (right axis)"),
        payment_axis=_("Payment (yuan)"),
        balance_axis=_("Remaining (yuan)"),
        term_axis=_("Instalment"),
    )
    bars = [
        Bar(
            n=row["n"],
            principal=Decimal(row["principal"]),
            interest=Decimal(row["interest"]),
            fees=Decimal(row["fees"]),
            balance=Decimal(row["balance"]),
            label=_(
                "Instalment %(n)s, due %(date)s: principal %(principal)s, interest %(interest)s, "
                "fees %(fees)s, payment %(total)s, remaining %(balance)s"
            ) % {
                "n": row["n"], "date": row["due_date"], "principal": yuan(row["principal"]),
                "interest": yuan(row["interest"]), "fees": yuan(row["fees"]),
                "total": yuan(row["total"]), "balance": yuan(row["balance"]),
            },
        )
        for row in quote["installments"]
    ]
    svg = schedule_chart(
        bars, Decimal(quote["totals"]["principal"]), text, tick_label=_tick_label(), value_label=yuan
    )
    return mark_safe(svg)  # every text in it went through html.escape in charts


def _tick_label() -> Any:
    """Short axis numbers: 万 in Chinese (12万), k in English (120k)."""
    chinese = (get_language() or "").lower().startswith("zh")

    def label(value: float) -> str:
        if chinese and value >= 10000:
            return f"{value / 10000:g}万"
        if not chinese and value >= 1000:
            return f"{value / 1000:g}k"
        return f"{value:,.0f}" if value >= 1 or value == 0 else f"{value:.2f}"

    return label


def _one_decimal(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.1'), ROUND_HALF_UP)}"


def _rate(value: Decimal) -> str:
    """The contract rate as entered: at least two decimals, up to the four the form accepts."""
    exponent = value.normalize().as_tuple().exponent
    places = min(4, max(2, -exponent if isinstance(exponent, int) else 2))
    return f"{value:,.{places}f}"
