"""Pledge custody worked from the back office (behind ``pledge.manage``, POST with CSRF): the
intake inspection with photos uploaded, odometer and condition; the registration certificate
out and back in the custody log; release refused before payoff (a translated message, nothing
written); storage fees collected (91 nights × 30.00 = 2,730.00, Dr bank / Cr fee income); the
pledge released with every item handed back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from autolend.collateral.models import CustodyLog, Pledge, PledgeStatus
from autolend.collateral.testing import PNG, car_for
from autolend.identity.models import Role, User
from autolend.identity.testing import login
from autolend.integrations.payments import SimulatedGateway
from autolend.servicing.models import BusinessDay
from autolend.servicing.selectors import payoff_quote_for
from autolend.servicing.services import payoff_post
from autolend.servicing.testing import assert_books_clean, disbursed_loan, fresh_books, lines

pytestmark = pytest.mark.django_db
BASE = "/backoffice/collateral"
TOKEN = "p" * 32
JAN15, APR15 = date(2024, 1, 15), date(2024, 4, 15)


@pytest.fixture(autouse=True)
def clean_books(settings: pytest.FixtureRequest, tmp_path: Path) -> Iterator[None]:
    settings.AUTOLEND_COLLATERAL_FILES = str(tmp_path)  # type: ignore[attr-defined]
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


def post(client: Client, url: str, data: dict[str, object], **extra: str) -> str:
    response = client.post(url, {**data, "csrfmiddlewaretoken": TOKEN}, follow=True, **extra)
    assert response.status_code == 200
    return response.content.decode()


def test_intake_custody_fees_and_release_through_the_pages() -> None:
    loan = disbursed_loan()
    car = car_for(loan)
    ops = signed_in(Role.OPERATIONS)
    on(JAN15)
    form = ops.get(f"{BASE}/vehicles/{car.pk}/pledge/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Intake inspection" in form and 'enctype="multipart/form-data"' in form
    intake = {"location": "Yard A, bay 12", "mileage_km": "31000", "condition": "B",
              "items": ["car", "keys", "registration_certificate"], "counterparty": "Zhang San"}
    refused = post(ops, f"{BASE}/vehicles/{car.pk}/pledge/", intake)
    assert "入库检验至少需要一张照片" in refused and not Pledge.objects.exists()
    auditor = login(Client(), User.objects.create_user(username="aud", password="x", role=Role.AUDITOR))
    assert auditor.get(f"{BASE}/vehicles/{car.pk}/pledge/").status_code == 403
    page = post(ops, f"{BASE}/vehicles/{car.pk}/pledge/",
                {**intake, "photos": [SimpleUploadedFile("front.png", PNG + b"front", "image/png")]},
                HTTP_ACCEPT_LANGUAGE="en")
    pledge = Pledge.objects.get()
    assert "Car taken into custody." in page and "front.png" in page and "Yard A, bay 12" in page
    assert (pledge.mileage_km, pledge.condition, pledge.documents.count()) == (31000, "B", 1)

    url = f"{BASE}/pledges/{pledge.pk}"
    on(date(2024, 3, 1))
    post(ops, f"{url}/custody/", {"item": "registration_certificate", "direction": "out", "counterparty": "Zhang San",
                                  "note": "annual inspection"})
    twice = post(ops, f"{url}/custody/", {"item": "registration_certificate", "direction": "out"})
    assert "该物品的保管状态与本次交接不符" in twice
    post(ops, f"{url}/custody/", {"item": "registration_certificate", "direction": "in"})
    early = post(ops, f"{url}/release/", {"counterparty": "Zhang San"})
    assert "贷款状态不允许此操作" in early and "no release before payoff" in early

    payoff_post(loan, payoff_quote_for(loan, APR15).total, APR15, "payoff")
    on(APR15)
    page = ops.get(url + "/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<dd id="fee-due">2730.00</dd>' in page
    unpaid = post(ops, f"{url}/release/", {"counterparty": "Zhang San"})
    assert "尚有保管费未结清" in unpaid
    post(ops, f"{url}/fee/", {"amount": "2730.00"})
    payment = pledge.fee_payments.get()
    assert lines(payment.journal_entry) == [("Dr", "1002", payment.amount), ("Cr", "6021", payment.amount)]
    assert str(payment.amount) == "2730.00"
    post(ops, f"{url}/release/", {"counterparty": "Zhang San"})
    pledge.refresh_from_db()
    assert (pledge.status, pledge.released_on) == (PledgeStatus.RELEASED, APR15)
    log = list(CustodyLog.objects.filter(pledge=pledge).order_by("pk").values_list("item", "direction"))
    assert log == [("car", "in"), ("keys", "in"), ("registration_certificate", "in"),
                   ("registration_certificate", "out"), ("registration_certificate", "in"),
                   ("car", "out"), ("keys", "out"), ("registration_certificate", "out")]
