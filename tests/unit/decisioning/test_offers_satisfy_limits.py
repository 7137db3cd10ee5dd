"""Every offer satisfies the LTV (lower of product and regulatory cap, against the lower of price
and valuation), the product's minimum down payment, PTI and DTI; at most three; each with the
kernel's instalment, total cost and APR (simple and compound, fees included)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from autolend.decisioning.engine.evaluate import evaluate
from autolend.decisioning.engine.rules import PolicyRules
from autolend.kernel.quote import schedule_quote, terms_from_request

CASES = [
    {},
    {"applicant": {"monthly_income": Decimal("9000")}},
    {"applicant": {"monthly_income": Decimal("60000")}, "request": {"amount": Decimal("120000"),
                                                                    "down_payment": Decimal("30000")}},
    {"vehicle": {"valuation": Decimal("125000")}},
    {"vehicle": {"new_energy": True}, "request": {"amount": Decimal("127500"), "down_payment": Decimal("22500"),
                                                   "term_months": 60}},
]


@pytest.mark.parametrize("change", CASES)
def test_offers_meet_every_limit(make: Any, model_with: Any, change: dict[str, Any]) -> None:
    inp = make(**change)
    rules = PolicyRules.from_json(inp.policy)
    out = evaluate(inp, model_with(0.04))
    assert 1 <= len(out.offers) <= rules.max_offers
    secured = min(inp.vehicle.price, inp.vehicle.valuation)
    product_cap = Decimal(inp.product.ltv_caps[inp.vehicle.category])
    income, debt = inp.applicant.monthly_income, inp.bureau.monthly_debt
    for offer in out.offers:
        assert offer.ltv == (offer.amount / secured * 100).quantize(Decimal("0.01")) <= product_cap
        assert offer.down_payment == inp.vehicle.price - offer.amount
        assert offer.down_payment >= inp.vehicle.price * inp.product.min_down_payment_pct / 100
        assert offer.instalment <= rules.max_pti * income
        assert debt + offer.instalment <= rules.max_dti * income
        assert offer.pti == (offer.instalment / income).quantize(Decimal("0.0001"))
        assert offer.term_months in inp.product.terms_months


def test_each_offer_carries_the_kernels_numbers(make: Any, model_with: Any) -> None:
    inp = make()
    offer = evaluate(inp, model_with(0.04)).offers[0]
    quote = schedule_quote(terms_from_request({
        **inp.product.schedule, "principal": str(offer.amount), "annual_rate": str(offer.annual_rate),
        "installments": offer.term_months, "disbursed": inp.as_of.isoformat(),
        "fee_upfront": str(offer.fee_upfront), "fee_per_installment": str(offer.fee_per_installment)}))
    assert str(offer.instalment) == quote["installments"][0]["total"]
    assert offer.total_cost == Decimal(quote["totals"]["cost"])
    assert offer.apr_compound == Decimal(quote["apr"]["effective_annual_percent"]).quantize(Decimal("0.01"))
    assert offer.apr_simple == Decimal(quote["apr"]["apr_percent"]).quantize(Decimal("0.01"))
    assert offer.fee_upfront == Decimal("105000") * Decimal("0.015") + Decimal("1500")  # service 1.5 % + GPS


def test_offers_vary_term_and_down_payment(make: Any, model_with: Any) -> None:
    offers = evaluate(make(), model_with(0.04)).offers
    assert [(o.label, o.term_months, o.amount) for o in offers] == [
        ("requested", 36, Decimal("105000.00")), ("alternative", 48, Decimal("105000.00")),
        ("alternative", 36, Decimal("90000.00"))]  # 10 % of the price more down
