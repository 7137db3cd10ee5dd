"""Payoff quote: worked examples an accountant can check by hand."""

from datetime import date
from decimal import Decimal as D

import pytest

from autolend.kernel.allocation import Due, allocate, apply_allocation
from autolend.kernel.payoff import (
    CurrentInterest,
    PayoffRules,
    SettlementFeeBand,
    outstanding_from_schedule,
    payoff_quote,
)
from autolend.kernel.schedule import LoanTerms, build_schedule

# 5,000 at 12% over 18 months from 2022-11-01: EMI 304.91; row 1 = 50.00 interest + 254.91
# principal; row 2 (12-01 → 2023-01-01, 31 days) = 47.45 interest on 4,745.09.
SCHEDULE = build_schedule(LoanTerms(principal=D("5000"), annual_rate=D("12"), installments=18, disbursed=date(2022, 11, 1)))
FEES = PayoffRules(fee_bands=(SettlementFeeBand(12, D("3")), SettlementFeeBand(None, D("1"))))


def _after_first_payment() -> tuple[Due, ...]:
    dues = outstanding_from_schedule(SCHEDULE)
    return apply_allocation(dues, allocate(D("304.91"), [dues[0]]))


def test_payoff_mid_period_accrues_interest_by_days_and_charges_the_band_fee() -> None:
    quote = payoff_quote(SCHEDULE, _after_first_payment(), as_of=date(2022, 12, 16), rules=FEES)
    assert quote.future_principal == D("4745.09")
    assert quote.interest == D("22.96")  # 47.45 × 15 / 31 = 22.959…
    assert quote.settlement_fee == D("142.35")  # 3% × 4,745.09 = 142.3527
    assert quote.per_diem == D("1.53")  # 47.45 / 31
    assert quote.total == D("4910.40")


def test_quote_valid_to_a_later_date_includes_interest_to_that_date() -> None:
    quote = payoff_quote(SCHEDULE, _after_first_payment(), as_of=date(2022, 12, 16), valid_until=date(2022, 12, 31))
    assert quote.interest == D("45.92")  # 47.45 × 30 / 31 = 45.919…
    assert quote.total == D("4791.01")


def test_full_period_interest_rule() -> None:
    rules = PayoffRules(current_interest=CurrentInterest.FULL_PERIOD)
    quote = payoff_quote(SCHEDULE, _after_first_payment(), as_of=date(2022, 12, 2), rules=rules)
    assert quote.interest == D("47.45")


def test_overdue_instalment_and_penalty_are_included() -> None:
    dues = list(outstanding_from_schedule(SCHEDULE))
    dues[0] = Due(1, dues[0].due_date, principal=D("254.91"), interest=D("50.00"), penalty=D("3.20"))
    quote = payoff_quote(SCHEDULE, dues, as_of=date(2022, 12, 11), rules=FEES)
    assert quote.overdue_principal == D("254.91")
    assert quote.future_principal == D("4745.09")
    assert quote.penalties == D("3.20")
    assert quote.interest == D("65.31")  # 50.00 overdue + 47.45 × 10 / 31 = 15.306…
    assert quote.settlement_fee == D("142.35")  # only the principal not yet due is "early"


def test_later_band_and_minimum_fee() -> None:
    dues = outstanding_from_schedule(SCHEDULE)[13:]  # instalments 1–13 paid
    rules = PayoffRules(fee_bands=FEES.fee_bands, minimum_fee=D("20.00"))
    quote = payoff_quote(SCHEDULE, dues, as_of=date(2023, 12, 1), rules=rules)
    assert quote.future_principal == D("1479.88")
    assert quote.settlement_fee == D("20.00")  # 1% = 14.80, below the minimum


def test_refuses_quote_before_disbursement_or_expired_validity() -> None:
    with pytest.raises(ValueError):
        payoff_quote(SCHEDULE, outstanding_from_schedule(SCHEDULE), as_of=date(2022, 10, 1))
    with pytest.raises(ValueError):
        payoff_quote(SCHEDULE, outstanding_from_schedule(SCHEDULE), as_of=date(2022, 12, 1), valid_until=date(2022, 11, 30))
