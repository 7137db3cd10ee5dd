"""LoanSetup: the frozen per-loan terms — defaults, JSON round trip, refusals naming the field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from autolend.kernel.allocation import Component, Strategy
from autolend.kernel.payoff import CurrentInterest
from autolend.servicing.errors import ServicingError
from autolend.servicing.terms import FeeTreatment, LoanSetup, Overpayment, PrepaymentMode


def test_defaults_follow_the_domain_rules() -> None:
    setup = LoanSetup(principal=D("100000.00"), annual_rate=D("12"), installments=12)
    assert setup.penalty_rate == D("18.0000")  # contract rate + 50%
    assert setup.penalty_days_in_year == 360 and setup.compound_interest is False
    assert setup.fee_treatment is FeeTreatment.DEDUCTED
    assert setup.prepayment_mode is PrepaymentMode.REDUCE_INSTALLMENT
    assert setup.overpayment is Overpayment.CREDIT
    assert setup.restructure_observation_days == 180
    rule = setup.allocation_rule()
    assert rule.order == (Component.PENALTY, Component.FEE, Component.INTEREST, Component.PRINCIPAL)
    assert rule.strategy is Strategy.BY_INSTALLMENT
    assert setup.payoff_rules().current_interest is CurrentInterest.ACCRUED


def test_json_round_trip_and_schedule_request() -> None:
    setup = LoanSetup(
        principal="80000", annual_rate="9.6", installments=36, first_due=date(2024, 3, 1), method="equal-principal",
        fee_upfront="800", fee_treatment="billed", settlement_fee_bands=((12, "3"), (None, "1")),
        allocation_order=("interest", "principal", "fee", "penalty"), product_code="NEWCAR", product_version="3",
    )
    data = setup.to_json()
    assert data["principal"] == "80000" and data["first_due"] == "2024-03-01"
    assert data["settlement_fee_bands"] == [[12, "3"], [None, "1"]]
    assert LoanSetup.from_json(data) == setup
    request = setup.schedule_request(date(2024, 2, 1))
    assert request["disbursed"] == "2024-02-01" and request["method"] == "equal-principal"
    terms = setup.loan_terms(date(2024, 2, 1))
    assert (terms.principal, terms.installments, terms.fee_upfront) == (D("80000"), 36, D("800"))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"installments": 0}, "installments"),
        ({"annual_rate": "-1"}, "annual_rate"),
        ({"fee_upfront": "100000"}, "fee_upfront"),
        ({"decimals": 4}, "decimals"),
        ({"allocation_order": ("interest", "principal")}, "allocation_order"),
        ({"prepayment_mode": "sooner"}, "terms"),
        ({"penalty_days_in_year": 300}, "penalty_days_in_year"),
        ({"method": "balloon"}, "balloon"),
    ],
)
def test_bad_terms_name_the_field(changes: dict[str, object], field: str) -> None:
    values: dict[str, object] = {"principal": D("1000"), "annual_rate": D("10"), "installments": 12, **changes}
    with pytest.raises(ServicingError) as refused:
        LoanSetup(**values)  # type: ignore[arg-type]
    assert refused.value.field == field


def test_from_json_refuses_unknown_and_missing_keys() -> None:
    with pytest.raises(ServicingError) as unknown:
        LoanSetup.from_json({"principal": "1", "annual_rate": "1", "installments": 1, "colour": "red"})
    assert unknown.value.field == "colour"
    with pytest.raises(ServicingError) as missing:
        LoanSetup.from_json({"principal": "1", "annual_rate": "1"})
    assert missing.value.field == "installments"
