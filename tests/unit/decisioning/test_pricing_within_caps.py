"""Risk-based pricing: rate = funding + operating + PD × LGD (annualised) + margin (+ term premium),
held within the product's range; no offer's APR (compound, fees included) ever exceeds the cap."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from autolend.decisioning.engine.evaluate import evaluate
from autolend.decisioning.engine.pricing import expected_loss_pct, risk_rate
from autolend.decisioning.engine.rules import PricingRules
from autolend.products.rules import CapInForce

RULES = PricingRules()


def test_the_rate_is_the_sum_of_its_parts_rounded_up() -> None:
    price = risk_rate(0.05, 36, RULES, Decimal("1"), Decimal("30"))
    # 3.20 + 1.50 + 0.05 × 0.45 × 100 (2.25) + 2.00 + 0.10 × 2 years beyond the first = 9.15
    assert expected_loss_pct(0.05, RULES) == Decimal("2.2500")
    assert price.rate == Decimal("9.15") and not price.shortfall
    assert risk_rate(0.051234, 12, RULES, Decimal("1"), Decimal("30")).rate == Decimal("9.01")  # 9.0055 up


def test_a_pd_window_of_two_years_halves_the_yearly_expected_loss() -> None:
    two_years = PricingRules(pd_window_months=24)
    assert expected_loss_pct(0.05, two_years) == Decimal("1.1250")


def test_the_product_range_holds_the_rate() -> None:
    assert risk_rate(0.001, 36, RULES, Decimal("7.88"), Decimal("12.88")).rate == Decimal("7.88")
    high = risk_rate(0.19, 36, RULES, Decimal("7.88"), Decimal("12.88"))
    assert high.rate == Decimal("12.88") and high.shortfall and high.risk_rate > Decimal("12.88")


def test_a_pricing_shortfall_refers(make: Any, model_with: Any) -> None:
    out = evaluate(make(), model_with(0.19, "D"))
    assert "pricing_shortfall" in {h.code for h in out.rule_hits} and out.outcome == "refer"


@pytest.mark.parametrize("code", ["NEWCAR", "USEDCAR", "VEHICLE-SECURED", "PLEDGE", "LEASE-DIRECT", "LEASEBACK",
                                  "LEASE-1PLUS3", "BALLOON"])
@pytest.mark.parametrize("pd", [0.001, 0.04, 0.15])
@pytest.mark.parametrize("amount", ["12000", "60000", "105000"])
def test_no_offer_exceeds_the_apr_cap(make: Any, product_of: Any, model_with: Any, code: str, pd: float,
                                      amount: str) -> None:
    product = product_of(code)
    used = code in ("USEDCAR", "VEHICLE-SECURED", "PLEDGE", "LEASEBACK")
    inp = make(product=product, vehicle={"condition": "used" if used else "new"},
               request={"amount": Decimal(amount), "down_payment": Decimal("150000") - Decimal(amount),
                        "term_months": product.terms_months[0]})
    out = evaluate(inp, model_with(pd))
    cap = next(c.limit for c in inp.caps if c.kind == "max_apr")
    for offer in out.offers:
        assert offer.apr_compound <= cap and offer.apr_simple <= offer.apr_compound
        assert product.rate_min <= offer.annual_rate <= product.rate_max


def test_the_cap_lowers_the_rate_when_fees_would_break_it(make: Any, product_of: Any, model_with: Any,
                                                          caps_for: Any) -> None:
    """A vehicle-secured loan carries a 3 % service fee and a 2,500 GPS fee: at its risk-based
    rate its APR would exceed an 18 % cap, so the rate is cut (not below the product's 12 %
    minimum) until it does not."""
    capped = tuple(c for c in caps_for(date(2025, 3, 3)) if c.kind != "max_apr") + (
        CapInForce("max_apr", "all", None, Decimal("18"), date(2015, 9, 1), None),)
    inp = make(product=product_of("VEHICLE-SECURED"), vehicle={"condition": "used"}, caps=capped,
               request={"amount": Decimal("100000"), "down_payment": Decimal("0"), "term_months": 36})
    out = evaluate(inp, model_with(0.15))
    assert out.offers, out.rule_hits
    risk = Decimal(out.pricing["terms"]["36"]["rate"])
    for offer in out.offers:
        assert offer.apr_compound <= Decimal(18)
        assert Decimal(12) <= offer.annual_rate < risk
