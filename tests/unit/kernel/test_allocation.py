"""Allocation of a payment over dues: worked examples and invariants."""

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autolend.kernel.allocation import (
    AllocationRule,
    Component,
    Due,
    Strategy,
    allocate,
    apply_allocation,
)

JAN = Due(1, date(2024, 1, 15), principal=D("800.00"), interest=D("200.00"), fee=D("10.00"), penalty=D("5.00"))
FEB = Due(2, date(2024, 2, 15), principal=D("810.00"), interest=D("190.00"), fee=D("10.00"), penalty=D("1.00"))


def test_default_order_settles_oldest_instalment_in_penalty_fee_interest_principal_order() -> None:
    result = allocate(D("1100.00"), [FEB, JAN])
    assert [(line.n, line.component, line.amount) for line in result.lines] == [
        (1, Component.PENALTY, D("5.00")),
        (1, Component.FEE, D("10.00")),
        (1, Component.INTEREST, D("200.00")),
        (1, Component.PRINCIPAL, D("800.00")),
        (2, Component.PENALTY, D("1.00")),
        (2, Component.FEE, D("10.00")),
        (2, Component.INTEREST, D("74.00")),
    ]
    assert result.unapplied == D("0.00")


def test_by_component_pays_all_interest_before_any_principal() -> None:
    rule = AllocationRule(
        order=(Component.INTEREST, Component.PRINCIPAL, Component.PENALTY, Component.FEE),
        strategy=Strategy.BY_COMPONENT,
    )
    result = allocate(D("500.00"), [JAN, FEB], rule)
    assert result.total(Component.INTEREST) == D("390.00")
    assert result.total(Component.PRINCIPAL) == D("110.00")
    assert result.total(Component.PENALTY) == D("0")


def test_overpayment_is_left_unapplied() -> None:
    result = allocate(D("3000.00"), [JAN, FEB])
    assert result.applied == JAN.total + FEB.total
    assert result.unapplied == D("3000.00") - JAN.total - FEB.total


def test_remaining_dues_after_partial_payment() -> None:
    after = apply_allocation([JAN, FEB], allocate(D("100.00"), [JAN, FEB]))
    assert after[0].penalty == D("0.00")
    assert after[0].fee == D("0.00")
    assert after[0].interest == D("115.00")
    assert after[1] == FEB


def test_refuses_non_positive_payment_and_bad_order() -> None:
    with pytest.raises(ValueError):
        allocate(D("0"), [JAN])
    with pytest.raises(ValueError):
        AllocationRule(order=(Component.INTEREST, Component.INTEREST, Component.FEE, Component.PRINCIPAL))


amounts = st.decimals(min_value=0, max_value=5000, places=2)


@given(
    payment=st.decimals(min_value=D("0.01"), max_value=20000, places=2),
    parts=st.lists(st.tuples(amounts, amounts, amounts, amounts), min_size=1, max_size=6),
    strategy=st.sampled_from(Strategy),
    order=st.permutations(list(Component)),
)
def test_allocation_conserves_money_and_never_overpays_a_component(payment, parts, strategy, order) -> None:
    dues = [Due(i + 1, date(2024, 1 + i, 1), *p) for i, p in enumerate(parts)]
    result = allocate(payment, dues, AllocationRule(tuple(order), strategy))
    assert result.applied + result.unapplied == payment
    assert result.unapplied >= 0
    after = apply_allocation(dues, result)
    for due in after:
        assert all(due.owed(c) >= 0 for c in Component)
    if result.unapplied > 0:
        assert all(due.total == 0 for due in after)
