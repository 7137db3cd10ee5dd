"""The collector workspace: cases by priority, a case page, working it by form; the API lists
cases; people without the collections permissions are refused."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from autolend.collections.models import CaseAction, CollectionCase
from autolend.collections.testing import collector, loan_at, person, run
from autolend.identity.testing import login
from autolend.servicing.models import BusinessDay

pytestmark = pytest.mark.django_db
D = date(2024, 6, 1)


def test_collector_works_a_case() -> None:
    BusinessDay.objects.update_or_create(id=1, defaults={"business_date": D})
    loan_at("P1", 95)
    loan_at("P2", 40)
    run(D)
    client = Client()
    login(client, collector("li"))
    page = client.get("/backoffice/collections/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.index("P1") < html.index("P2")  # higher DPD, higher priority
    case = CollectionCase.objects.get(loan__number="P1")
    assert client.get(f"/backoffice/collections/cases/{case.pk}/").status_code == 200
    done = client.post(f"/backoffice/collections/cases/{case.pk}/note/", {"text": "visited the address"})
    assert done.status_code == 302
    assert CaseAction.objects.get(case=case).text == "visited the address"
    api = client.get("/api/v1/collections/cases")
    assert api.status_code == 200 and [c["loan"] for c in api.json()] == ["P1", "P2"]
    for path in ("/backoffice/collections/watchlist/", "/backoffice/collections/report/"):
        assert client.get(path).status_code == 200


def test_others_are_refused() -> None:
    client = Client()
    login(client, person("dealer1", "dealer"))
    assert client.get("/backoffice/collections/").status_code == 403
    assert client.get("/api/v1/collections/cases").status_code == 403
