"""Back-office collateral pages: signed out → login, a borrower → 403, staff see every queue in
Chinese (the default) and English; actions need their own permission and report refusals."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from django.test import Client

from autolend.collateral.models import CollateralAlert, MortgageStatus
from autolend.collateral.services import mortgage_request, telemetry_ingest
from autolend.collateral.testing import car_for, point, tracker, utc
from autolend.identity.models import Role, User
from autolend.identity.testing import login
from autolend.integrations.payments import SimulatedGateway
from autolend.servicing.testing import disbursed_loan, fresh_books

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def isolated_gateway() -> Iterator[None]:
    fresh_books()
    yield
    SimulatedGateway.reset()  # the simulated payouts of these tests must not leak into later files
PAGES = ["", "mortgages/", "pledges/", "alerts/", "alerts/?scope=gps", "repossessions/", "listings/"]


def signed_in(role: Role, username: str = "") -> Client:
    client = Client()
    login(client, User.objects.create_user(username=username or role.value, password="x", role=role))
    return client


@pytest.fixture
def book() -> dict[str, int]:
    fresh_books()
    loan = disbursed_loan()
    car = car_for(loan)
    reg = mortgage_request(car, date(2024, 1, 16))
    telemetry_ingest([point(tracker(car), utc(2024, 6, 1), tamper=True)])
    return {"car": car.pk, "reg": reg.pk}


def test_guarded(book: dict[str, int]) -> None:
    response = Client().get("/backoffice/collateral/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert signed_in(Role.BORROWER).get("/backoffice/collateral/alerts/").status_code == 403


@pytest.mark.parametrize("page", PAGES)
def test_every_queue_in_chinese_and_english(book: dict[str, int], page: str) -> None:
    client = signed_in(Role.AUDITOR)
    zh = client.get(f"/backoffice/collateral/{page}")
    assert zh.status_code == 200 and "押品" in zh.content.decode()
    en = client.get(f"/backoffice/collateral/{page}", HTTP_ACCEPT_LANGUAGE="en")
    assert en.status_code == 200 and "Collateral" in en.content.decode()


def test_vehicle_file_and_alert_queue(book: dict[str, int]) -> None:
    client = signed_in(Role.COLLECTOR)
    page = client.get(f"/backoffice/collateral/vehicles/{book['car']}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Qin PLUS" in page and "864000000000001" in page
    alerts = client.get("/backoffice/collateral/alerts/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "GPS device tampered with" in alerts and "Critical" in alerts


def test_actions_need_their_permission(book: dict[str, int]) -> None:
    url = f"/backoffice/collateral/mortgages/{book['reg']}/submit/"
    assert signed_in(Role.AUDITOR).post(url).status_code == 403
    ops = signed_in(Role.OPERATIONS)
    assert ops.post(url).status_code == 302
    assert ops.get("/backoffice/collateral/mortgages/").status_code == 200
    from autolend.collateral.models import MortgageRegistration

    assert MortgageRegistration.objects.get(pk=book["reg"]).status == MortgageStatus.SUBMITTED
    alert = CollateralAlert.objects.get()
    close = f"/backoffice/collateral/alerts/{alert.pk}/close/"
    assert signed_in(Role.AUDITOR, "auditor2").post(close, {"resolution": "x"}).status_code == 403
    collector = signed_in(Role.COLLECTOR)
    refused = collector.post(close, {"resolution": ""}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "is required" in refused.content.decode()
    collector.post(close, {"resolution": "driver opened the dashboard for a repair"})
    alert.refresh_from_db()
    assert not alert.is_open and alert.closed_by is not None
