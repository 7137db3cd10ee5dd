"""Which version of a product is in force on a date: half-open ranges, one version per product in
the catalogue, nothing before the first version."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from autolend.products.demo import products_seed_demo
from autolend.products.selectors import (
    product_catalogue,
    product_version_effective,
    product_versions,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalogue() -> None:
    products_seed_demo()


@pytest.mark.parametrize(
    ("on", "version", "rate_min"),
    [(date(2023, 1, 1), 1, "7.88"), (date(2024, 6, 30), 1, "7.88"), (date(2024, 7, 1), 2, "6.88"),
     (date(2030, 1, 1), 2, "6.88")],
)
def test_the_new_car_loan_changes_version_on_2024_07_01(on: date, version: int, rate_min: str) -> None:
    found = product_version_effective("NEWCAR", on)
    assert found is not None
    assert (found.version, found.rate_min) == (version, Decimal(rate_min))


def test_nothing_is_in_force_before_the_first_version() -> None:
    assert product_version_effective("NEWCAR", date(2022, 12, 31)) is None
    assert product_catalogue(date(2022, 12, 31)) == []


def test_an_unknown_code_has_no_version() -> None:
    assert product_version_effective("NOPE", date(2025, 1, 1)) is None


def test_the_catalogue_has_one_version_per_product() -> None:
    versions = product_catalogue(date(2024, 7, 1))
    assert [v.product.code for v in versions] == [
        "NEWCAR", "USEDCAR", "BALLOON", "VEHICLE-SECURED", "PLEDGE", "LEASE-DIRECT", "LEASEBACK", "LEASE-1PLUS3"]
    assert next(v for v in versions if v.product.code == "NEWCAR").version == 2


def test_version_one_was_closed_where_version_two_starts() -> None:
    first, second = product_versions("NEWCAR")
    assert (first.effective_to, second.effective_from, second.effective_to) == (
        date(2024, 7, 1), date(2024, 7, 1), None)
