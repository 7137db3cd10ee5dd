"""Bad terms raise ScheduleInputError naming the offending setting."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from autolend.kernel.money import MoneyRules
from autolend.kernel.schedule import LoanTerms, Method, ScheduleInputError, build_schedule

D = Decimal
BASE: dict[str, Any] = {
    "principal": D("10000"),
    "annual_rate": D("12"),
    "installments": 12,
    "disbursed": date(2024, 1, 15),
}


def terms(**overrides: Any) -> LoanTerms:
    return LoanTerms(**{**BASE, **overrides})


def test_valid_terms_build() -> None:
    assert build_schedule(terms()).total_principal == D("10000")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"principal": D("-1000")}, "principal"),
        ({"principal": D("0")}, "principal"),
        ({"principal": D("1000.001")}, "principal"),
        ({"principal": D("1000.5"), "money": MoneyRules(decimals=0)}, "principal"),
        ({"principal": D("NaN")}, "principal"),
        ({"principal": D("Infinity")}, "principal"),
        ({"principal": 1000.0}, "principal"),
        ({"principal": D("1005"), "money": MoneyRules(amount_multiples_of=D("10"))}, "principal"),
        ({"principal": D("1E+15")}, "principal"),
        ({"fee_upfront": D("1E+16")}, "fee_upfront"),
        ({"annual_rate": D("-0.1")}, "annual_rate"),
        ({"annual_rate": D("1000.01")}, "annual_rate"),
        ({"annual_rate": D("NaN")}, "annual_rate"),
        ({"annual_rate": 12}, "annual_rate"),
        ({"installments": 0}, "installments"),
        ({"installments": -3}, "installments"),
        ({"installments": 1201}, "installments"),
        ({"every": 0}, "every"),
        ({"every": 367}, "every"),
        ({"first_due": date(2024, 1, 15)}, "first_due"),
        ({"first_due": date(2024, 1, 1)}, "first_due"),
        ({"grace_principal": 12}, "grace_principal"),
        ({"grace_principal": 13}, "grace_principal"),
        ({"grace_principal": -1}, "grace_principal"),
        ({"grace_interest": 12}, "grace_interest"),
        ({"grace_interest": -1}, "grace_interest"),
        ({"method": Method.BALLOON, "balloon": D("10000")}, "balloon"),
        ({"method": Method.BALLOON, "balloon": D("12000")}, "balloon"),
        ({"method": Method.BALLOON, "balloon": D("0")}, "balloon"),
        ({"method": Method.BALLOON, "balloon": D("-1")}, "balloon"),
        ({"method": Method.BALLOON, "balloon": D("100.001")}, "balloon"),
        ({"method": Method.ANNUITY, "balloon": D("1000")}, "balloon"),
        ({"method": Method.FLAT, "balloon": D("1000")}, "balloon"),
        ({"method": Method.EQUAL_PRINCIPAL, "balloon": D("1000")}, "balloon"),
        ({"fee_upfront": D("-1")}, "fee_upfront"),
        ({"fee_upfront": D("0.001")}, "fee_upfront"),
        ({"fee_per_installment": D("-5")}, "fee_per_installment"),
        ({"fee_per_installment": D("0.5"), "money": MoneyRules(decimals=0)}, "fee_per_installment"),
        ({"fee_per_installment": D("5"), "money": MoneyRules(amount_multiples_of=D("10"))}, "fee_per_installment"),
        ({"money": MoneyRules(amount_multiples_of=D("0.005"))}, "money"),
        ({"money": MoneyRules(installment_multiples_of=D("0.001"))}, "money"),
    ],
)
def test_bad_terms_name_the_field(overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(ScheduleInputError) as caught:
        terms(**overrides)
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}: ")


def test_schedule_input_error_is_a_value_error_with_a_message() -> None:
    with pytest.raises(ValueError, match="principal: must be greater than zero") as caught:
        terms(principal=D("-1"))
    assert isinstance(caught.value, ScheduleInputError)
    assert caught.value.message == "must be greater than zero"


@pytest.mark.parametrize(
    "overrides",
    [
        {"principal": D("1000.100")},  # trailing zeros: the value has two places
        {"principal": D("1E+3")},
        {"annual_rate": D("0")},
        {"annual_rate": D("1000")},
        {"installments": 1},
        {"installments": 1200},
        {"grace_principal": 11, "grace_interest": 11},
        {"method": Method.BALLOON, "balloon": D("9999.99")},
        {"first_due": date(2024, 1, 16)},
        {"principal": D("1000"), "money": MoneyRules(amount_multiples_of=D("10"))},
    ],
)
def test_edge_values_are_accepted(overrides: dict[str, Any]) -> None:
    schedule = build_schedule(terms(**overrides))
    assert schedule.installments[-1].balance == 0


@pytest.mark.parametrize(
    "kwargs",
    [
        {"decimals": -1},
        {"decimals": 7},
        {"amount_multiples_of": D("0")},
        {"installment_multiples_of": D("-10")},
    ],
)
def test_money_rules_reject_impossible_settings(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        MoneyRules(**kwargs)
