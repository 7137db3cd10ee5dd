"""A dealer's staff submit an application for a customer through the portal form: it goes
through origination's intake (channel dealer portal, their dealer) and is decided at once. Bad
input re-renders with a translated message on each field (422) and writes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from autolend.dealer_portal.testing import dealer_user
from autolend.origination import testing as t
from autolend.origination.models import Application
from autolend.parties.models import Borrower

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    t.configure(settings, tmp_path)
    t.seed_catalogue()
    from autolend.servicing.models import BusinessDay

    BusinessDay.objects.update_or_create(id=1, defaults={"business_date": t.AS_OF})


def form(own: Any, **changes: Any) -> dict[str, Any]:
    values = {**t.applicant(), **t.vehicle_fields(), "vehicle_use": "self_use", "product_code": "NEWCAR",
              "dealer": str(own.pk), "consent": "on", "mileage_km": "", "new_price": ""}
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


def test_a_submitted_application_is_the_dealers_and_decided(client: Client) -> None:
    north = t.dealer("North Motors")
    seller = dealer_user(north, "seller-new")
    client.force_login(seller)
    assert 'name="resident_id"' in client.get("/dealer/applications/new/").content.decode()
    data = form(north)
    response = client.post("/dealer/applications/new/", data)
    assert response.status_code == 302
    app = Application.objects.get()
    assert response["Location"] == f"/dealer/applications/{app.pk}/"
    assert (app.channel, app.dealer, app.created_by, app.vin) == ("dealer_portal", north, seller, data["vin"])
    assert (str(app.amount), app.term_months, app.applied_on) == ("105000.00", 36, t.AS_OF)
    assert app.status in ("approved", "referred", "declined") and app.borrower.name == "王芳"
    assert app.borrower.consents.get().channel == "dealer"


def test_bad_fields_are_named_in_the_request_language_and_nothing_is_written(client: Client) -> None:
    north = t.dealer("North Motors")
    client.force_login(dealer_user(north, "seller-bad"))
    bad = form(north, resident_id="110101199001011234", vin="LSVAU218XN0000000", amount="200000")
    english = client.post("/dealer/applications/new/", bad, headers={"Accept-Language": "en"})
    assert english.status_code == 422
    html = english.content.decode()
    assert 'id="error-resident_id"' in html and 'id="error-vin"' in html and 'id="error-amount"' in html
    assert "The loan amount cannot exceed the price less the down payment." in html
    chinese = client.post("/dealer/applications/new/", bad, headers={"Accept-Language": "zh-hans"})
    assert chinese.status_code == 422 and "贷款金额不能超过车辆价格减去首付。" in chinese.content.decode()
    assert not Application.objects.exists() and not Borrower.objects.exists()


def test_the_customers_authorization_is_required(client: Client) -> None:
    north = t.dealer("North Motors")
    client.force_login(dealer_user(north, "seller-consent"))
    response = client.post("/dealer/applications/new/", form(north, consent=None),
                           headers={"Accept-Language": "en"})
    assert response.status_code == 422 and 'id="error-consent"' in response.content.decode()
    assert "The customer&#x27;s credit report authorization is required." in response.content.decode()
    assert not Application.objects.exists()


def test_another_dealers_id_in_the_form_is_refused(client: Client) -> None:
    north, south = t.dealer("North Motors"), t.dealer("South Motors")
    client.force_login(dealer_user(north, "seller-other"))
    response = client.post("/dealer/applications/new/", form(north, dealer=str(south.pk)))
    assert response.status_code == 422 and not Application.objects.exists()
