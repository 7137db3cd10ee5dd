"""The schedule quote contract: request parsing, JSON shape, APR of a schedule."""

from decimal import Decimal as D

import pytest

from autolend.kernel.apr import apr_from_flows
from autolend.kernel.quote import schedule_apr, schedule_quote, terms_from_request
from autolend.kernel.schedule import ScheduleInputError, build_schedule

ISSUE_EXAMPLE = {
    "principal": "5000",
    "annual_rate": "12",
    "installments": 18,
    "every": 1,
    "unit": "months",
    "disbursed": "2022-11-01",
}


def test_issue_example_json_contract() -> None:
    quote = schedule_quote(terms_from_request(ISSUE_EXAMPLE))
    assert len(quote["installments"]) == 18
    first, last = quote["installments"][0], quote["installments"][-1]
    assert first == {
        "n": 1,
        "due_date": "2022-12-01",
        "principal": "254.91",
        "interest": "50.00",
        "fees": "0.00",
        "total": "304.91",
        "balance": "4745.09",
    }
    assert last["due_date"] == "2024-05-01"
    assert last["total"] == "304.94"  # the last instalment absorbs the rounding
    assert last["balance"] == "0.00"
    assert quote["totals"]["principal"] == "5000.00"
    assert quote["totals"]["interest"] == "488.41"  # 17 × 304.91 + 304.94 − 5,000
    assert quote["totals"]["regular_installment"] == "304.91"
    # A fee-free annuity's APR is its nominal rate; the fen rounding of the EMI moves it < 0.01 pp.
    assert abs(D(quote["apr"]["apr_percent"]) - D("12")) < D("0.01")
    assert abs(D(quote["apr"]["effective_annual_percent"]) - D("12.6825")) < D("0.01")


def test_schedule_apr_agrees_with_pboc_irr_of_the_same_flows() -> None:
    terms = terms_from_request({**ISSUE_EXAMPLE, "fee_upfront": "150", "fee_per_installment": "10"})
    schedule = build_schedule(terms)
    direct = apr_from_flows(D("4850"), [row.total for row in schedule.installments], D(12))
    assert schedule_apr(schedule) == direct
    assert direct.apr_percent > D("17")  # fees add more than 5 pp to the 12% nominal rate


def test_zero_rate_without_fees_has_zero_apr() -> None:
    quote = schedule_quote(terms_from_request({**ISSUE_EXAMPLE, "annual_rate": "0"}))
    assert quote["apr"]["apr_percent"] == "0.0000"
    assert quote["totals"]["interest"] == "0.00"


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"principal": "abc"}, "principal"),
        ({"principal": None}, "principal"),
        ({"installments": "1.5"}, "installments"),
        ({"method": "balloonish"}, "method"),
        ({"disbursed": "2022-13-01"}, "disbursed"),
        ({"days_in_year": "361"}, "days_in_year"),
        ({"rounding": "up"}, "rounding"),
        ({"colour": "red"}, "colour"),
        ({"principal": "-5"}, "principal"),
        ({"first_due": "2022-10-01"}, "first_due"),
    ],
)
def test_bad_request_names_the_field(override: dict[str, object], field: str) -> None:
    with pytest.raises(ScheduleInputError) as caught:
        terms_from_request({**ISSUE_EXAMPLE, **override})
    assert caught.value.field == field


def test_upfront_fee_not_below_principal_is_refused() -> None:
    schedule = build_schedule(terms_from_request({**ISSUE_EXAMPLE, "fee_upfront": "5000"}))
    with pytest.raises(ScheduleInputError) as caught:
        schedule_apr(schedule)
    assert caught.value.field == "fee_upfront"
