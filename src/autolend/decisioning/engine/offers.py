"""Up to three offers (term × down payment) that satisfy LTV, PTI, DTI and the APR cap (pure).

Limits every offer meets:

* term: offered by the product, within the regulatory term cap in force, and ending before the
  applicant reaches the policy's maximum age;
* LTV (amount / lower of price and valuation) within the lower of the product's cap for the
  vehicle category and the regulatory cap in force; for a purchase, the product's minimum down
  payment;
* affordability: instalment ≤ max PTI × income and existing debt + instalment ≤ max DTI × income;
* compound APR (fees included) within the APR cap in force (``quoting.priced_offer``).

Candidates, in order: the amount and term asked for; the same amount over the nearest other term;
a larger down payment (``extra_down_payment_pct`` of the price) over the requested term; the
other terms. Each candidate whose amount is too high (LTV, down payment, affordability) is cut
to the largest amount that fits, in ``amount_step`` yuan: a counter-offer. The first
``max_offers`` distinct (term, amount) pairs are kept; "requested" labels the exact terms asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from autolend.decisioning.engine.inputs import DecisionInput
from autolend.decisioning.engine.pricing import RatePrice, risk_rate
from autolend.decisioning.engine.quoting import (
    Offer,
    balloon_of,
    offer_terms,
    priced_offer,
    regular_instalment,
)
from autolend.decisioning.engine.rules import PolicyRules
from autolend.kernel.schedule import Schedule, ScheduleInputError, build_schedule
from autolend.products.rules import cap_scopes

CENT = Decimal("0.01")


@dataclass(frozen=True)
class OfferLimits:
    terms: tuple[int, ...]
    ltv_pct: Decimal | None  # None: the product does not finance this vehicle category
    ceiling: Decimal  # the largest amount LTV and the down payment allow
    max_payment: Decimal | None  # None: no income to test affordability against
    apr_cap: Decimal | None

    def to_json(self) -> dict[str, object]:
        return {"terms": list(self.terms), "ltv_pct": _s(self.ltv_pct), "ceiling": str(self.ceiling),
                "max_payment": _s(self.max_payment), "apr_cap": _s(self.apr_cap)}


def _s(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def offer_limits(inp: DecisionInput, rules: PolicyRules) -> OfferLimits:
    """The limits every offer of this application must meet."""
    product, vehicle = inp.product, inp.vehicle
    in_force = {(c.kind, c.scope): c.limit for c in inp.caps if c.in_force(inp.as_of)}
    scopes = cap_scopes(product.kind, vehicle.category)

    def cap(kind: str) -> Decimal | None:
        return in_force.get((kind, scopes.get(kind, "")))

    term_cap = cap("max_term_months")
    age = Decimal(inp.applicant.age_on(inp.as_of))
    terms = tuple(t for t in product.terms_months if (term_cap is None or t <= term_cap)
                  and age + Decimal(t) / 12 <= rules.max_age_at_maturity)
    product_ltv = product.ltv_caps.get(vehicle.category)
    regulatory_ltv = cap("max_ltv")
    ltv = None if product_ltv is None else min(Decimal(product_ltv), regulatory_ltv or Decimal(product_ltv))
    step = rules.amount_step
    ceiling = Decimal(0) if ltv is None else _floor(vehicle.secured_value * ltv / 100, step)
    if product.purchase:
        ceiling = min(ceiling, _floor(vehicle.price * (1 - product.min_down_payment_pct / 100), step))
    income = inp.applicant.monthly_income
    max_payment = None
    if income and income > 0:
        debt = inp.bureau.monthly_debt if inp.bureau else Decimal(0)
        max_payment = max(min(rules.max_pti * income, rules.max_dti * income - debt), Decimal(0))
    return OfferLimits(terms, ltv, ceiling, max_payment, cap("max_apr"))


def offers_build(inp: DecisionInput, rules: PolicyRules, pd: float) -> tuple[list[Offer], dict[int, RatePrice]]:
    """The offers (requested first when it fits) and the risk-based price of each term considered."""
    limits = offer_limits(inp, rules)
    product, req, vehicle = inp.product, inp.request, inp.vehicle
    prices = {t: risk_rate(pd, t, rules.pricing, product.rate_min, product.rate_max) for t in limits.terms}
    if limits.ltv_pct is None or not limits.terms:
        return [], prices
    income = inp.applicant.monthly_income if inp.applicant.monthly_income and inp.applicant.monthly_income > 0 \
        else None
    debt = inp.bureau.monthly_debt if inp.bureau else Decimal(0)
    step = rules.amount_step
    nearest = sorted(limits.terms, key=lambda t: (abs(t - req.term_months), -t))
    base = min(req.amount, limits.ceiling)
    primary, others = nearest[0], nearest[1:]
    candidates: list[tuple[int, Decimal, bool]] = [(primary, base, False)]  # (term, amount, smaller by choice)
    candidates += [(t, base, False) for t in others[:1]]
    if product.purchase:
        candidates += [(primary, _floor(base - vehicle.price * extra / 100, step), True)
                       for extra in rules.extra_down_payment_pct]
    candidates += [(t, base, False) for t in others[1:]]

    offers: list[Offer] = []
    seen: set[tuple[int, Decimal]] = set()
    for term, wanted, by_choice in candidates:
        if len(offers) >= rules.max_offers:
            break
        rate = prices[term].rate
        amount, schedule = _affordable(inp, rules, limits, term, wanted, rate)
        if amount is None or (term, amount) in seen:
            continue
        down = (vehicle.price - amount if product.purchase else Decimal(0)).quantize(CENT)
        if amount == req.amount and term == req.term_months and (not product.purchase or down == req.down_payment):
            label = "requested"
        elif amount < req.amount and not by_choice:
            label = "counter"
        else:
            label = "alternative"
        offer = priced_offer(
            product, label=label, amount=amount, down_payment=down, rate=rate, term=term, start=inp.as_of,
            balloon=balloon_of(product, amount, rules.balloon_pct), apr_cap=limits.apr_cap,
            secured=vehicle.secured_value, income=income, debt=debt, schedule=schedule,
        )
        if offer is not None and (limits.max_payment is None or offer.instalment <= limits.max_payment):
            seen.add((term, amount))
            offers.append(offer)
    return offers, prices


def _affordable(inp: DecisionInput, rules: PolicyRules, limits: OfferLimits, term: int, wanted: Decimal,
                rate: Decimal) -> tuple[Decimal | None, Schedule | None]:
    """The largest amount ≤ ``wanted`` (in ``amount_step``) whose instalment fits, with its schedule."""
    amount = min(wanted, limits.ceiling).quantize(CENT)
    for _ in range(8):
        if amount < rules.min_amount:
            return None, None
        try:
            schedule = build_schedule(offer_terms(inp.product, amount, rate, term, inp.as_of,
                                                  balloon_of(inp.product, amount, rules.balloon_pct)))
        except ScheduleInputError:  # the fees would eat the whole amount
            return None, None
        instalment = regular_instalment(schedule)
        if limits.max_payment is None or instalment <= limits.max_payment:
            return amount, schedule
        if instalment <= 0:
            return None, None
        scaled = _floor(amount * limits.max_payment / instalment, rules.amount_step)
        amount = min(scaled, amount - rules.amount_step)
    return None, None


def _floor(value: Decimal, step: Decimal) -> Decimal:
    return ((value / step).to_integral_value(rounding=ROUND_FLOOR) * step).quantize(CENT)
