"""The requested terms against the regulatory caps in force on the date (effective-dated data,
never constants), the product and the age at maturity: they cannot be offered as asked, so the
engine offers what can be (a counter-offer), and declines only when nothing can."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from autolend.decisioning.engine.evaluate import evaluate
from autolend.products.rules import CapInForce


def hits(out: Any) -> dict[str, Any]:
    return {h.code: h for h in out.rule_hits}


def test_a_used_car_term_over_the_cap_in_force_gets_a_shorter_term(make: Any, product_of: Any, model_with: Any) -> None:
    used = make(product=product_of("USEDCAR"), vehicle={"condition": "used", "price": Decimal("80000"),
                                                         "valuation": Decimal("80000")},
                request={"amount": Decimal("50000"), "down_payment": Decimal("30000"), "term_months": 48})
    out = evaluate(used, model_with(0.03))
    term = hits(out)["term_not_offered"]
    assert (term.kind, term.scope) == ("hard", "request")
    assert out.outcome == "approve" and out.counter_offer
    assert {o.term_months for o in out.offers} <= {12, 24, 36}


def test_ltv_over_the_regulatory_cap_depends_on_the_date(make: Any, caps_for: Any, model_with: Any) -> None:
    """Before 2018 no LTV cap applied; from 2018 the cap of 70 % (commercial) did. The caps are
    the snapshot's rows in force on its date, so moving the date moves the rule."""
    commercial = {"use": "commercial"}
    asked = {"amount": Decimal("112500"), "down_payment": Decimal("37500")}  # 75 % LTV
    now = evaluate(make(vehicle=commercial, request=asked), model_with(0.03))
    assert hits(now)["ltv_over_cap"].limit == "70" and hits(now)["ltv_over_cap"].source == "regulation"
    assert all(o.ltv <= Decimal(70) for o in now.offers) and now.counter_offer
    cap_gone = tuple(c for c in caps_for(date(2025, 3, 3)) if c.kind != "max_ltv")
    later = evaluate(make(vehicle=commercial, request=asked, caps=cap_gone), model_with(0.03))
    assert "ltv_over_cap" not in hits(later)


def test_a_cap_is_read_from_the_snapshot_not_from_code(make: Any, caps_for: Any, model_with: Any) -> None:
    tighter = tuple(c for c in caps_for(date(2025, 3, 3)) if c.kind != "max_term_months") + (
        CapInForce("max_term_months", "new_car", Decimal(24), None, date(2025, 1, 1), None),)
    out = evaluate(make(caps=tighter), model_with(0.03))
    assert hits(out)["term_over_cap"].limit == "24"
    assert out.offers == () and out.outcome == "decline"  # NEWCAR offers 36, 48, 60 months only
    assert "no_offer" in hits(out)


def test_a_down_payment_below_the_product_minimum_is_a_request_rule(make: Any, model_with: Any) -> None:
    out = evaluate(make(request={"down_payment": Decimal("15000"), "amount": Decimal("120000")}), model_with(0.03))
    assert hits(out)["down_payment_below_min"].scope == "request"
    assert all(o.down_payment >= Decimal("30000") for o in out.offers) and out.counter_offer


def test_age_at_maturity_shortens_the_term_or_declines(make: Any, model_with: Any) -> None:
    older = make(applicant={"birth_date": date(1963, 1, 1)}, request={"term_months": 60})  # 62 today
    out = evaluate(older, model_with(0.03))
    assert hits(out)["age_at_maturity"].actual == "67"
    assert {o.term_months for o in out.offers} == {36}
    too_old = evaluate(make(applicant={"birth_date": date(1961, 1, 1)}), model_with(0.03))  # 64 today
    assert too_old.outcome == "decline" and "no_offer" in hits(too_old)


def test_a_vehicle_category_the_product_does_not_finance(make: Any, product_of: Any, model_with: Any) -> None:
    out = evaluate(make(product=product_of("BALLOON"), vehicle={"use": "commercial"}), model_with(0.03))
    assert "vehicle_category_not_offered" in hits(out) and out.outcome == "decline"
