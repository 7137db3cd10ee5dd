"""Deadline alerts: a car not registered 30 days after disbursement (whether or not a request
was made), a mortgage not released 15 days after payoff. They close when the registration or the
release is recorded, are never duplicated by re-running the check, and the days are settings."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from autolend.collateral.models import CollateralAlert
from autolend.collateral.services import (
    mortgage_deadlines_check,
    mortgage_poll,
    mortgage_release_request,
    mortgage_request,
    mortgage_submit,
)
from autolend.collateral.testing import car_for
from autolend.integrations.payments import SimulatedGateway
from autolend.servicing.selectors import payoff_quote_for
from autolend.servicing.services import payoff_post
from autolend.servicing.testing import assert_books_clean, disbursed_loan, fresh_books

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clean_books() -> Iterator[None]:
    fresh_books()
    yield
    assert_books_clean()
    SimulatedGateway.reset()  # the simulated payouts of these tests must not leak into later files


def open_kinds() -> list[str]:
    return sorted(CollateralAlert.objects.filter(is_open=True).values_list("kind", flat=True))


def test_not_registered_in_time() -> None:
    loan = disbursed_loan()  # 2024-01-15
    car = car_for(loan)
    assert mortgage_deadlines_check(date(2024, 2, 14))["opened"] == 0
    assert mortgage_deadlines_check(date(2024, 2, 15))["opened"] == 1
    assert mortgage_deadlines_check(date(2024, 2, 16))["opened"] == 0  # still open, not duplicated
    alert = CollateralAlert.objects.get(is_open=True)
    assert (alert.kind, alert.severity, alert.loan_id, alert.vehicle_id) == ("mortgage_not_registered", "high",
                                                                             loan.pk, car.pk)
    reg = mortgage_submit(mortgage_request(car, date(2024, 2, 16)), date(2024, 2, 16))
    mortgage_poll(reg, date(2024, 2, 18))
    assert open_kinds() == []
    assert mortgage_deadlines_check(date(2024, 2, 19))["opened"] == 0


def test_not_released_in_time() -> None:
    loan = disbursed_loan()
    reg = mortgage_poll(mortgage_submit(mortgage_request(car_for(loan), date(2024, 1, 16)), date(2024, 1, 16)),
                        date(2024, 1, 18))
    payoff_post(loan, payoff_quote_for(loan, date(2024, 3, 1)).total, date(2024, 3, 1), "payoff")
    assert mortgage_deadlines_check(date(2024, 3, 16))["not_released"] == 0
    assert mortgage_deadlines_check(date(2024, 3, 17))["not_released"] == 1
    assert open_kinds() == ["mortgage_not_released"]
    reg = mortgage_release_request(reg, date(2024, 3, 17))
    assert mortgage_deadlines_check(date(2024, 3, 18))["opened"] == 0  # requested but not yet released: still open
    mortgage_poll(reg, date(2024, 3, 19))
    assert open_kinds() == []


def test_the_deadline_is_a_setting(settings: pytest.FixtureRequest) -> None:
    settings.AUTOLEND_COLLATERAL = {"mortgage_register_days": 10}  # type: ignore[attr-defined]
    car_for(disbursed_loan())
    assert mortgage_deadlines_check(date(2024, 1, 25))["opened"] == 0
    assert mortgage_deadlines_check(date(2024, 1, 26))["opened"] == 1
    assert CollateralAlert.objects.get().detail["days"] == 10
