"""Asking for more than the limits allow gives counter-offers: the largest amount that fits (in
100-yuan steps), labelled "counter", and the decision says it is a counter-offer."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from autolend.decisioning.engine.evaluate import evaluate
from autolend.decisioning.engine.rules import PolicyRules


def test_an_unaffordable_amount_is_cut_to_what_the_income_carries(make: Any, model_with: Any) -> None:
    inp = make(applicant={"monthly_income": Decimal("8000")}, bureau=None)  # 8,000 income, no other debt known
    out = evaluate(inp, model_with(0.04))
    rules = PolicyRules.from_json(inp.policy)
    assert out.counter_offer and out.offers
    requested = inp.request
    for offer in out.offers:
        assert offer.label in ("counter", "alternative")
        assert not (offer.amount == requested.amount and offer.term_months == requested.term_months)
        assert offer.instalment <= rules.max_pti * Decimal(8000)
        assert offer.amount % 100 == 0
    cut = next(o for o in out.offers if o.label == "counter")
    assert cut.amount < requested.amount


def test_an_amount_over_the_ltv_cap_is_cut_to_the_cap(make: Any, model_with: Any) -> None:
    out = evaluate(make(request={"amount": Decimal("140000"), "down_payment": Decimal("10000")},
                        applicant={"monthly_income": Decimal("80000")}), model_with(0.04))
    assert out.counter_offer
    assert max(o.amount for o in out.offers) == Decimal("120000.00")  # 80 % of 150,000
    assert out.offers[0].label == "counter" and out.offers[0].term_months == 36


def test_a_fitting_request_is_not_a_counter_offer(make: Any, model_with: Any) -> None:
    out = evaluate(make(), model_with(0.04))
    assert not out.counter_offer and out.offers[0].label == "requested"


def test_below_the_minimum_amount_there_is_no_offer(make: Any, model_with: Any) -> None:
    out = evaluate(make(applicant={"monthly_income": Decimal("800")}), model_with(0.04))
    assert out.offers == () and out.outcome == "decline"
    assert "no_offer" in {h.code for h in out.rule_hits}
