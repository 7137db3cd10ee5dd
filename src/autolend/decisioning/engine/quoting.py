"""One offer's numbers from the kernel: schedule, instalment, total cost, APR simple and compound.

``offer_terms`` builds the kernel ``LoanTerms`` of a product for an amount, rate and term (fees
resolved to yuan by ``products.kernel_settings.fee_amounts``); ``priced_offer`` prices it within
the APR cap: the compound APR (IRR method, fees included, PBoC 〔2021〕 No.3), the higher of the two
disclosed figures, must not exceed the cap, so the rate is lowered until it does not, and the
offer is dropped when that would take the rate below the product's minimum.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from autolend.decisioning.engine.inputs import Product
from autolend.kernel.quote import schedule_apr, terms_from_request
from autolend.kernel.schedule import LoanTerms, Schedule, ScheduleInputError, build_schedule
from autolend.products.kernel_settings import fee_amounts


@dataclass(frozen=True)
class Offer:
    label: str  # "requested" | "alternative" | "counter"
    term_months: int
    amount: Decimal  # principal, yuan
    down_payment: Decimal
    annual_rate: Decimal  # nominal contract rate, percent a year
    method: str
    balloon: Decimal
    instalment: Decimal  # regular monthly payment, per-instalment fees included
    fee_upfront: Decimal
    fee_per_installment: Decimal
    total_interest: Decimal
    total_fees: Decimal  # upfront and per-instalment fees
    total_cost: Decimal  # interest + fees: what the loan costs the borrower
    total_repayment: Decimal
    apr_simple: Decimal  # periodic IRR × 12, percent (labelled simple)
    apr_compound: Decimal  # (1 + periodic IRR)^12 − 1, percent
    ltv: Decimal  # percent of the lower of price and valuation
    pti: Decimal | None  # instalment / income
    dti: Decimal | None  # (existing debt + instalment) / income

    def to_json(self) -> dict[str, Any]:
        return {k: (None if v is None else str(v) if isinstance(v, Decimal) else v)
                for k, v in self.__dict__.items()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Offer:
        values: dict[str, Any] = {}
        for name, value in data.items():
            if name in ("label", "method"):
                values[name] = value
            elif name == "term_months":
                values[name] = int(value)
            else:
                values[name] = None if value is None else Decimal(value)
        return cls(**values)


def balloon_of(product: Product, amount: Decimal, balloon_pct: Decimal) -> Decimal:
    """The final lump sum of a balloon product: ``balloon_pct`` (at most the product's maximum)
    of the principal, in whole hundreds; 0 for other methods."""
    if product.schedule.get("method") != "balloon":
        return Decimal(0)
    pct = min(balloon_pct, product.balloon_max_pct or Decimal(0))
    return (amount * pct / 100 / 100).to_integral_value(rounding=ROUND_FLOOR) * 100


def offer_terms(product: Product, amount: Decimal, rate: Decimal, term: int, start: Any,
                balloon: Decimal) -> LoanTerms:
    upfront, per_installment = fee_amounts(product.as_version(), amount)
    request = {**product.schedule, "principal": str(amount), "annual_rate": str(rate), "installments": term,
               "disbursed": start.isoformat(), "fee_upfront": str(upfront),
               "fee_per_installment": str(per_installment)}
    if balloon > 0:
        request["balloon"] = str(balloon)
    return terms_from_request(request)


def request_ratios(inp: Any, balloon: Decimal) -> dict[str, float | None]:
    """The requested terms under the product's own method and fees at its maximum rate: the
    instalment (yuan) and the PTI and DTI the policy's referral rule reads. (The model's own
    ``pti``/``dti`` features use the annuity formula it was trained with.)"""
    r, product = inp.request, inp.product
    try:
        schedule = build_schedule(offer_terms(product, r.amount, product.rate_max, r.term_months, inp.as_of, balloon))
    except ScheduleInputError:  # e.g. fees as large as the amount: no instalment to speak of
        return {"product_instalment": None, "product_pti": None, "product_dti": None}
    instalment = regular_instalment(schedule)
    income = inp.applicant.monthly_income
    debt = inp.bureau.monthly_debt if inp.bureau else Decimal(0)
    ok = income is not None and income > 0
    return {
        "product_instalment": float(instalment),
        "product_pti": round(float(instalment / income), 6) if ok else None,
        "product_dti": round(float((debt + instalment) / income), 6) if ok else None,
    }


def regular_instalment(schedule: Schedule) -> Decimal:
    """The largest payment before the last one (the last of a balloon or bullet loan is the lump
    sum, disclosed separately); the only payment of a one-instalment loan."""
    rows = schedule.installments
    return max(row.total for row in rows[:-1]) if len(rows) > 1 else rows[0].total


def priced_offer(
    product: Product, *, label: str, amount: Decimal, down_payment: Decimal, rate: Decimal, term: int,
    start: Any, balloon: Decimal, apr_cap: Decimal | None, secured: Decimal, income: Decimal | None,
    debt: Decimal, schedule: Schedule | None = None,
) -> Offer | None:
    """The offer at ``rate`` or, when its compound APR exceeds ``apr_cap``, at the highest lower
    rate (in 0.01 steps) that keeps it within; None when even the product's minimum rate breaks
    the cap. ``schedule``: the schedule at ``rate`` if already built."""
    current = rate
    for _ in range(8):
        built = schedule if schedule is not None and current == rate else build_schedule(
            offer_terms(product, amount, current, term, start, balloon))
        apr = schedule_apr(built)
        if apr_cap is None or apr.effective_annual_percent <= apr_cap:
            return _offer(label, built, amount, down_payment, current, term, apr.apr_percent,
                          apr.effective_annual_percent, secured, income, debt)
        excess = apr.effective_annual_percent - apr_cap
        lower = (current - excess - Decimal("0.01")).quantize(Decimal("0.01"), rounding=ROUND_FLOOR)
        if lower < product.rate_min:
            if current == product.rate_min:
                return None
            lower = product.rate_min
        current = lower
    return None


def _offer(label: str, schedule: Schedule, amount: Decimal, down: Decimal, rate: Decimal, term: int,
           apr_simple: Decimal, apr_compound: Decimal, secured: Decimal, income: Decimal | None,
           debt: Decimal) -> Offer:
    terms = schedule.terms
    instalment = regular_instalment(schedule)
    fees = schedule.total_fees
    ratio = Decimal("0.0001")
    return Offer(
        label=label, term_months=term, amount=amount, down_payment=down, annual_rate=rate,
        method=terms.method.value, balloon=terms.balloon, instalment=instalment,
        fee_upfront=terms.fee_upfront, fee_per_installment=terms.fee_per_installment,
        total_interest=schedule.total_interest, total_fees=fees, total_cost=schedule.total_interest + fees,
        total_repayment=schedule.total_repayment + terms.fee_upfront, apr_simple=apr_simple.quantize(Decimal("0.01")),
        apr_compound=apr_compound.quantize(Decimal("0.01")),
        ltv=(amount / secured * 100).quantize(Decimal("0.01")),
        pti=(instalment / income).quantize(ratio) if income else None,
        dti=((debt + instalment) / income).quantize(ratio) if income else None,
    )
