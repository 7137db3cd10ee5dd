"""product_terms_check: the rules a request breaks, with codes and zh/en messages, against the
product version and the caps in force on the date (the decision engine's hard rules)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from autolend.products.demo import products_seed_demo
from autolend.products.rules import product_terms_check
from autolend.products.selectors import product_version_effective, regulatory_caps_in_force

pytestmark = pytest.mark.django_db


def generous(kind: str) -> SimpleNamespace:
    """A version wider than any cap, so only the caps can object."""
    return SimpleNamespace(
        product=SimpleNamespace(kind=kind), status="active", effective_from=date(2015, 1, 1), effective_to=None,
        terms_months=[12, 24, 36, 48, 60, 72], rate_min=Decimal("1"), rate_max=Decimal("36"),
        min_down_payment_pct=Decimal("0"),
        ltv_caps={c: "100" for c in ("self_use_conventional", "commercial_conventional", "self_use_nev",
                                     "commercial_nev", "used")},
    )


def check(version: Any, on: date, **terms: Any) -> dict[str, Any]:
    request = {"term_months": 36, "annual_rate": Decimal("9"), "down_payment_pct": Decimal("30"),
               "ltv": Decimal("60"), "vehicle_category": "self_use_conventional", **terms}
    found = product_terms_check(version, on_date=on, caps=regulatory_caps_in_force(on), **request)
    return {v.code: v for v in found}


def test_acceptable_terms_break_nothing() -> None:
    products_seed_demo()
    version = product_version_effective("NEWCAR", date(2025, 1, 1))
    assert check(version, date(2025, 1, 1), term_months=60, ltv=Decimal("80")) == {}


def test_a_used_car_term_over_three_years_breaks_the_regulation() -> None:
    found = check(generous("used_car"), date(2025, 1, 1), term_months=48, vehicle_category="used")
    assert list(found) == ["term_over_cap"]
    violation = found["term_over_cap"]
    assert (violation.rule, violation.limit, violation.actual) == ("regulation", Decimal(36), Decimal(48))
    assert violation.message_en == "The term of 48 months exceeds the regulatory maximum of 36 months."
    assert violation.message_zh == "期限48个月超过监管上限36个月。"


def test_a_new_car_loan_on_a_used_car_takes_the_used_car_caps() -> None:
    found = check(generous("balloon"), date(2025, 1, 1), term_months=48, ltv=Decimal("75"), vehicle_category="used")
    assert set(found) == {"term_over_cap", "ltv_over_cap"}


def test_ltv_over_the_regulatory_cap_depends_on_the_date() -> None:
    version = generous("new_car")
    found = check(version, date(2023, 6, 1), ltv=Decimal("85"))
    assert found["ltv_over_cap"].rule == "regulation" and found["ltv_over_cap"].limit == Decimal("80")
    after = check(version, date(2024, 5, 1), ltv=Decimal("85"))["ltv_over_cap"]  # institution-set since 2024-04-03
    assert (after.rule, after.limit) == ("policy", Decimal("80"))
    assert "policy" in after.message_en and "本机构" in after.message_zh
    assert check(version, date(2017, 6, 1), ltv=Decimal("95")) == {}  # no cap before 2018


def test_apr_over_the_guardrail() -> None:
    found = check(generous("title_loan"), date(2025, 1, 1), annual_rate=Decimal("22"), apr=Decimal("26.5"),
                  vehicle_category="used")
    violation = found["apr_over_cap"]
    assert (violation.field, violation.limit, violation.actual) == ("apr", Decimal("24"), Decimal("26.5"))
    assert violation.message_zh == "年化利率26.5%超过本机构上限24%。"


def test_finance_leases_are_outside_the_car_loan_caps() -> None:
    assert check(generous("finance_lease_direct"), date(2025, 1, 1), term_months=72, ltv=Decimal("95")) == {}


def test_product_rules() -> None:
    products_seed_demo()
    version = product_version_effective("USEDCAR", date(2025, 1, 1))
    found = check(version, date(2025, 1, 1), term_months=30, annual_rate=Decimal("7"), down_payment_pct=Decimal("20"),
                  ltv=Decimal("65"), vehicle_category="self_use_conventional")
    assert set(found) == {"term_not_offered", "rate_below_min", "down_payment_below_min",
                          "vehicle_category_not_offered"}
    assert found["term_not_offered"].message_en == "A term of 30 months is not offered: choose 12, 24, 36 months."
    high = check(version, date(2025, 1, 1), annual_rate=Decimal("16"), ltv=Decimal("72"), vehicle_category="used")
    assert set(high) == {"rate_above_max", "ltv_over_product_cap", "ltv_over_cap"}


def test_a_version_out_of_force_is_a_violation() -> None:
    products_seed_demo()
    version = product_version_effective("NEWCAR", date(2023, 6, 1))
    assert "version_not_in_force" in check(version, date(2024, 7, 1), term_months=60)
