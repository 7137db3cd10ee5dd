"""The repossession queue worked from the back office, each step a POST with CSRF behind its own
permission: order (from the car's page) → agent → recovered (condition, odometer, storage) →
costs → listed → sold → proceeds applied to the loan. A refused step shows a translated message
(Chinese by default) and writes nothing; no step answers 500.

Worked example (test_collateral_repossession_surplus): payoff quote 104,402.84 on 2024-06-25;
sold for 130,000.00, costs 3,000.00 + 1,200.00 = 4,200.00, net 125,800.00, surplus 21,397.16
refunded; the loan is closed by repossession.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal as D

import pytest
from django.test import Client

from autolend.collateral.models import RepossessionOrder, RepossessionStatus, SettlementOutcome
from autolend.collateral.testing import DEFAULT_DAY, car_for
from autolend.identity.models import Role, User
from autolend.identity.testing import login
from autolend.integrations.payments import SimulatedGateway
from autolend.servicing.models import BusinessDay, LoanStatus
from autolend.servicing.testing import assert_books_clean, disbursed_loan, fresh_books

pytestmark = pytest.mark.django_db
BASE = "/backoffice/collateral"
TOKEN = "k" * 32  # a CSRF secret: the cookie and the form field must carry it


@pytest.fixture(autouse=True)
def clean_books() -> Iterator[None]:
    fresh_books()
    yield
    assert_books_clean()
    SimulatedGateway.reset()


def on(day: date) -> None:
    BusinessDay.objects.update_or_create(id=1, defaults={"business_date": day})


def signed_in(role: Role) -> Client:
    client = login(Client(enforce_csrf_checks=True), User.objects.create_user(username=role.value, password="x", role=role))
    client.cookies["csrftoken"] = TOKEN  # what a page with a form would have set
    return client


def status(client: Client, url: str, data: dict[str, str] | None = None) -> int:
    return client.post(url, {**(data or {}), "csrfmiddlewaretoken": TOKEN}).status_code


def post(client: Client, url: str, data: dict[str, str] | None = None, **extra: str) -> str:
    response = client.post(url, {**(data or {}), "csrfmiddlewaretoken": TOKEN},
                           follow=True, **extra)
    assert response.status_code == 200
    return response.content.decode()


def test_order_to_proceeds_through_the_pages() -> None:
    loan = disbursed_loan()
    car = car_for(loan)
    collector, finance = signed_in(Role.COLLECTOR), signed_in(Role.FINANCE)
    on(date(2024, 3, 1))  # 15 days past due: too early
    refused = post(collector, f"{BASE}/vehicles/{car.pk}/repossess/", {"reason": "in default"})
    assert "贷款状态不允许此操作" in refused and "is 15 days past due: repossession needs 30" in refused
    assert not RepossessionOrder.objects.exists()

    on(DEFAULT_DAY)
    assert status(finance, f"{BASE}/vehicles/{car.pk}/repossess/", {"reason": "x"}) == 403  # repossession.manage
    assert collector.post(f"{BASE}/vehicles/{car.pk}/repossess/", {"reason": "x"}).status_code == 403  # no CSRF token
    assert Client().post(f"{BASE}/vehicles/{car.pk}/repossess/", {"reason": "x"}).status_code == 302  # to sign-in
    page = post(collector, f"{BASE}/vehicles/{car.pk}/repossess/", {"reason": "in default"}, HTTP_ACCEPT_LANGUAGE="en")
    order = RepossessionOrder.objects.get()
    assert "Repossession ordered." in page and "Assign agent" in page
    url = f"{BASE}/repossessions/{order.pk}"
    post(collector, f"{url}/assign/", {"agent_name": "Fast Recovery Co."})
    bad = post(collector, f"{url}/recover/", {"condition": "B", "mileage_km": "lots", "storage_location": "Yard 1"})
    assert "请输入里程表读数" in bad
    post(collector, f"{url}/recover/", {"condition": "B", "mileage_km": "35000", "storage_location": "Yard 1"})
    post(collector, f"{url}/cost/", {"kind": "agent_fee", "amount": "3000.00"})
    post(collector, f"{url}/cost/", {"kind": "towing", "amount": "1200.00", "note": "flatbed"})
    assert status(collector, f"{url}/list/", {"channel": "auction"}) == 403  # remarketing.manage
    post(finance, f"{url}/list/", {"channel": "auction", "reserve_price": "90000.00"})
    on(date(2024, 6, 25))
    post(finance, f"{url}/sell/", {"sale_price": "130000.00", "buyer_name": "Buyer Ltd", "sale_reference": "AUC-7"})
    page = post(finance, f"{url}/settle/", {"deficiency": "keep", "refund_account": "6222020000888888"},
                HTTP_ACCEPT_LANGUAGE="en")
    order.refresh_from_db()
    assert (order.status, order.outcome) == (RepossessionStatus.CLOSED, SettlementOutcome.PAID_IN_FULL)
    assert (order.gross_proceeds, order.costs, order.net_proceeds, order.surplus) == (
        D("130000.00"), D("4200.00"), D("125800.00"), D("21397.16"))
    assert "125800.00" in page and "Paid in full" in page
    loan.refresh_from_db()
    assert loan.status == LoanStatus.CLOSED_REPOSSESSED
    again = post(finance, f"{url}/settle/", {"deficiency": "keep"})
    assert "当前状态下不允许此操作" in again  # settled already: refused, nothing written
    assert status(collector, f"{url}/fly/") == 404
