"""Applying in four steps: each step checks its own fields on the server and answers with each
field's message in the borrower's language (nothing written); the last step submits the
application through origination's intake, decided at once, with the offers' APR the largest
figure on the page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from autolend.identity.models import Role, User
from autolend.origination import testing as t
from autolend.origination.models import Application, ApplicationChannel
from autolend.parties.models import Borrower
from autolend.portal.testing import answers

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    t.configure(settings, tmp_path)
    t.seed_catalogue()


def borrower_client(language: str) -> Client:
    user = User.objects.create(username="13912345678", phone="13912345678", role=Role.BORROWER)
    client = Client(headers={"Accept-Language": language})
    client.force_login(user)
    return client


@pytest.mark.parametrize(("language", "vin_message", "price_message"), [
    ("en", "VIN must have 17 characters, got 6", "Enter the vehicle price in yuan: more than 0, to the fen."),
    ("zh-hans", "车辆识别代号应为 17 位,实际为 6 位", "请输入车辆价格（元）：大于0，精确到分。"),
])
def test_a_step_names_each_bad_field_in_the_borrowers_language(language: str, vin_message: str,
                                                               price_message: str) -> None:
    client = borrower_client(language)
    client.get("/portal/apply/")
    bad = {**answers()["vehicle"], "vin": "LSV123", "vehicle_price": "-5"}
    page = client.post("/portal/apply/vehicle/", bad)
    assert page.status_code == 422
    html = page.content.decode()
    assert vin_message in html and price_message in html
    assert 'id="err_vin"' in html and 'id="err_vehicle_price"' in html and 'id="err_vehicle_make"' not in html
    assert not Application.objects.exists() and not Borrower.objects.exists()


def test_the_identity_step_needs_the_consent_and_a_bank_card() -> None:
    client = borrower_client("en")
    client.get("/portal/apply/")
    page = client.post("/portal/apply/identity/", {**answers()["identity"], "consent": "", "bank_card": ""})
    html = page.content.decode()
    assert page.status_code == 422
    assert "Agree to the credit report authorization to apply." in html
    assert "Enter your bank card number" in html


def test_four_steps_submit_a_decided_application_with_the_apr_first() -> None:
    client = borrower_client("en")
    client.get("/portal/apply/")
    steps = answers()
    for step in ("identity", "income", "vehicle"):
        assert client.post(f"/portal/apply/{step}/", steps[step]).status_code == 302
    done = client.post("/portal/apply/purchase/", steps["purchase"])
    app = Application.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/portal/applications/{app.pk}/"
    assert app.channel == ApplicationChannel.BORROWER_WEB and app.status == "approved"
    assert app.borrower.user.username == "13912345678" and app.borrower.bank_card == steps["identity"]["bank_card"]
    assert (app.amount, app.term_months, app.vehicle_price) == (105000, 36, 150000)
    page = client.get(done["Location"]).content.decode()
    offer = app.offers.order_by("rank").first()
    assert f'<p class="apr" data-apr="{offer.apr_compound}">{offer.apr_compound:.2f}%</p>' in page
    # the APR is the one figure in the big class; every other rate sits in the plain terms list
    assert len(re.findall(r'class="apr"', page)) == app.offers.filter(is_active=True).count()
