"""A product version as kernel settings: schedule settings that terms_from_request reads, servicing
rules under LoanSetup's names, and one loan's complete LoanSetup."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from autolend.kernel.quote import schedule_quote, terms_from_request
from autolend.products.demo import products_seed_demo
from autolend.products.errors import ProductError
from autolend.products.kernel_settings import loan_setup_json, product_kernel_settings
from autolend.products.models import ProductVersion
from autolend.products.selectors import product_version_effective
from autolend.servicing.terms import LoanSetup

pytestmark = pytest.mark.django_db


def version(code: str) -> ProductVersion:
    products_seed_demo()
    found = product_version_effective(code, date(2025, 1, 1))
    assert found is not None
    return found


def test_schedule_settings_are_terms_from_request_fields() -> None:
    settings = product_kernel_settings(version("NEWCAR"))
    assert settings["schedule"] == {"method": "annuity", "every": 1, "unit": "months", "days_in_year": "360",
                                    "days_in_month": "30", "interest_per": "period", "rounding": "half-up",
                                    "decimals": 2}
    terms = terms_from_request({**settings["schedule"], "principal": "100000", "annual_rate": "6.88",
                                "installments": 36, "disbursed": "2025-01-10"})
    assert schedule_quote(terms)["totals"]["principal"] == "100000.00"


def test_servicing_rules_use_loan_setup_names() -> None:
    rules = product_kernel_settings(version("NEWCAR"))["servicing_rules"]
    assert rules == {
        "fee_treatment": "deducted", "penalty_markup_pct": "50", "penalty_days_in_year": 360,
        "compound_interest": True, "allocation_order": ["penalty", "fee", "interest", "principal"],
        "allocation_strategy": "by-installment", "prepayment_mode": "reduce_installment",
        "payoff_current_interest": "accrued", "settlement_fee_bands": [[12, "2"], [None, "0"]],
        "settlement_fee_minimum": "0.00", "product_code": "NEWCAR", "product_version": "2",
    }


def test_one_loan_becomes_a_loan_setup() -> None:
    setup = LoanSetup.from_json(loan_setup_json(version("NEWCAR"), principal=Decimal("120000"),
                                                annual_rate=Decimal("8"), installments=36))
    assert setup.fee_upfront == Decimal("3300.00")  # 1.5% service fee + ¥1,500 GPS
    assert setup.penalty_rate == Decimal("12.0000")  # 8% × 1.5
    assert (setup.product_code, setup.product_version, setup.compound_interest) == ("NEWCAR", "2", True)
    assert setup.payoff_rules().fee_bands[0].percent == Decimal("2")


def test_per_instalment_fees_and_the_interest_only_method() -> None:
    setup = LoanSetup.from_json(loan_setup_json(version("PLEDGE"), principal=Decimal("50000"),
                                                annual_rate=Decimal("18"), installments=6))
    assert (setup.method, setup.fee_per_installment, setup.fee_upfront) == ("interest-only", Decimal("300.00"),
                                                                            Decimal("2000.00"))


def test_balloon_needs_an_amount_within_the_product_maximum() -> None:
    balloon = version("BALLOON")
    with pytest.raises(ProductError, match="required"):
        loan_setup_json(balloon, principal=Decimal("100000"), annual_rate=Decimal("8"), installments=36)
    with pytest.raises(ProductError, match="at most 40"):
        loan_setup_json(balloon, principal=Decimal("100000"), annual_rate=Decimal("8"), installments=36,
                        balloon=Decimal("40000.01"))
    setup = LoanSetup.from_json(loan_setup_json(balloon, principal=Decimal("100000"), annual_rate=Decimal("8"),
                                                installments=36, balloon=Decimal("40000")))
    assert setup.balloon == Decimal("40000")


def test_a_method_the_product_does_not_offer_is_refused() -> None:
    with pytest.raises(ProductError) as caught:
        loan_setup_json(version("USEDCAR"), principal=Decimal("1"), annual_rate=Decimal("9"), installments=12,
                        method="flat")
    assert caught.value.field == "method"
