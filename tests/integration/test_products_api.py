"""GET /api/v1/products/, /products/{code} and /regulatory-caps on a date, names in the request's
language."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import path
from ninja import NinjaAPI

from autolend.api.errors import install_exception_handlers
from autolend.products.api import router
from autolend.products.demo import products_seed_demo

api = NinjaAPI(urls_namespace="test-products")
install_exception_handlers(api)
api.add_router("/", router)
urlpatterns = [path("api/v1/", api.urls)]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@pytest.fixture(autouse=True)
def catalogue() -> None:
    products_seed_demo()


def get(client: Client, url: str, language: str | None = None) -> Any:
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    return client.get(f"/api/v1/{url}", **headers)


def test_the_catalogue_on_a_date_in_each_language(client: Client) -> None:
    chinese = get(client, "products/?on=2025-01-01")
    assert chinese.status_code == 200
    assert [p["name"] for p in chinese.json()][:3] == ["新车贷款", "二手车贷款", "尾款分期贷款"]
    title = next(p for p in chinese.json() if p["code"] == "VEHICLE-SECURED")
    assert (title["name"], title["kind_label"]) == ("车辆抵押贷款", "车辆抵押贷款")
    english = get(client, "products/?on=2025-01-01", language="en").json()
    assert english[0]["name"] == "New-car loan" and english[0]["rate_min"] == "6.88"
    assert get(client, "products/?on=2022-01-01").json() == []


def test_one_product_with_its_kernel_settings(client: Client) -> None:
    old = get(client, "products/NEWCAR?on=2023-06-01").json()
    new = get(client, "products/newcar?on=2025-01-01").json()
    assert (old["version"], new["version"]) == (1, 2)
    assert new["schedule"]["method"] == "annuity" and new["servicing_rules"]["product_version"] == "2"
    assert get(client, "products/NEWCAR?on=2022-01-01").status_code == 404
    assert get(client, "products/NOPE").status_code == 404


def test_regulatory_caps_on_a_date(client: Client) -> None:
    def caps(on: str) -> dict[tuple[str, str], Any]:
        return {(c["kind"], c["scope"]): c for c in get(client, f"regulatory-caps?on={on}", "en").json()}

    assert list(caps("2017-12-31")) == [("max_apr", "all")]
    assert caps("2018-01-01")[("max_ltv", "self_use_conventional")]["value"] == "80"
    later = caps("2024-04-03")[("max_ltv", "self_use_conventional")]
    assert (later["value"], later["limit"], later["institution_set"]) == (None, "80", True)
    assert caps("2024-04-03")[("max_term_months", "used_car")]["limit"] == "36"


def test_a_bad_date_is_a_422(client: Client) -> None:
    assert get(client, "regulatory-caps?on=yesterday").status_code == 422


def test_the_endpoints_are_in_the_openapi_document(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/products/", "/api/v1/products/{code}", "/api/v1/regulatory-caps"} <= set(paths)
