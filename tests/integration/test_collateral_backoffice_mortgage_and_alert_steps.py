"""Mortgage registrations and GPS alerts worked from the back office (POST with CSRF, each behind
its permission): file with the office → record the registration the office made → (loan paid
off) → request the release → record the release; a step out of order is refused with a
translated message. An alert is acknowledged (it stays open, marked) and then resolved; a second
acknowledgement is refused. Every step leaves its audit event."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from django.test import Client

from autolend.audit.models import AuditEvent
from autolend.collateral.models import CollateralAlert, MortgageRegistration, MortgageStatus
from autolend.collateral.services import mortgage_request, telemetry_ingest
from autolend.collateral.testing import car_for, point, tracker, utc
from autolend.identity.models import Role, User
from autolend.identity.testing import login
from autolend.integrations.payments import SimulatedGateway
from autolend.servicing.models import BusinessDay
from autolend.servicing.selectors import payoff_quote_for
from autolend.servicing.services import payoff_post
from autolend.servicing.testing import assert_books_clean, disbursed_loan, fresh_books

pytestmark = pytest.mark.django_db
BASE = "/backoffice/collateral"
TOKEN = "m" * 32


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
    client.cookies["csrftoken"] = TOKEN
    return client


def post(client: Client, url: str, data: dict[str, str] | None = None, **extra: str) -> str:
    response = client.post(url, {**(data or {}), "csrfmiddlewaretoken": TOKEN}, follow=True, **extra)
    assert response.status_code == 200
    return response.content.decode()


def test_registration_to_release_through_the_pages() -> None:
    loan = disbursed_loan()
    reg = mortgage_request(car_for(loan), date(2024, 1, 16))
    ops = signed_in(Role.OPERATIONS)
    url = f"{BASE}/mortgages/{reg.pk}"
    on(date(2024, 1, 16))
    assert "Record registration" not in ops.get(f"{BASE}/mortgages/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    post(ops, f"{url}/submit/")
    reg.refresh_from_db()
    assert reg.status == MortgageStatus.SUBMITTED
    assert "Record registration" in ops.get(f"{BASE}/mortgages/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    on(date(2024, 1, 20))
    future = post(ops, f"{url}/register/", {"certificate_number": "DY310000123", "registered_on": "2024-01-21"})
    assert "日期不得晚于业务日期" in future
    post(ops, f"{url}/register/", {"certificate_number": "DY310000123", "registered_on": "2024-01-19"})
    reg.refresh_from_db()
    assert (reg.status, reg.certificate_number, reg.registered_on) == (
        MortgageStatus.REGISTERED, "DY310000123", date(2024, 1, 19))
    early = post(ops, f"{url}/release/")
    assert "贷款状态不允许此操作" in early and "no release before payoff" in early

    payoff_post(loan, payoff_quote_for(loan, date(2024, 3, 1)).total, date(2024, 3, 1), "payoff-1")
    on(date(2024, 3, 2))
    post(ops, f"{url}/release/")
    on(date(2024, 3, 5))
    post(ops, f"{url}/released/", {"released_on": "2024-03-04"})
    reg = MortgageRegistration.objects.get()
    assert (reg.status, reg.released_on) == (MortgageStatus.RELEASED, date(2024, 3, 4))
    actions = list(AuditEvent.objects.filter(object_type="mortgageregistration").order_by("seq")
                   .values_list("action", flat=True))
    assert actions == ["collateral.mortgage_request", "collateral.mortgage_submit", "collateral.mortgage_register",
                       "collateral.mortgage_release_request", "collateral.mortgage_release"]
    assert signed_in(Role.AUDITOR).post(f"{url}/submit/", {"csrfmiddlewaretoken": TOKEN}).status_code == 403


def test_alert_acknowledged_then_resolved() -> None:
    car = car_for(disbursed_loan())
    telemetry_ingest([point(tracker(car), utc(2024, 6, 1), tamper=True)])
    alert = CollateralAlert.objects.get()
    on(date(2024, 6, 2))
    collector = signed_in(Role.COLLECTOR)
    post(collector, f"{BASE}/alerts/{alert.pk}/acknowledge/", {"note": "calling the borrower"})
    alert.refresh_from_db()
    assert alert.is_open and alert.detail["acknowledged"] == {"by": "collector", "on": "2024-06-02",
                                                              "note": "calling the borrower"}
    page = collector.get(f"{BASE}/alerts/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Acknowledged by collector on 2024-06-02" in page
    again = post(collector, f"{BASE}/alerts/{alert.pk}/acknowledge/", {})
    assert "当前状态下不允许此操作" in again
    post(collector, f"{BASE}/alerts/{alert.pk}/close/", {"resolution": "dashboard opened for a repair"})
    alert.refresh_from_db()
    assert not alert.is_open and alert.resolution == "dashboard opened for a repair"
    actions = list(AuditEvent.objects.filter(object_type="collateralalert").order_by("seq").values_list("action", flat=True))
    assert actions == ["collateral.alert_acknowledge", "collateral.alert_close"]
