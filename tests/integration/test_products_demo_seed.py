"""The demo catalogue: eight products with believable terms, neutral names, seeded once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from autolend.audit.models import AuditEvent
from autolend.products.demo import products_seed_demo
from autolend.products.models import Product, ProductVersion
from autolend.products.selectors import product_catalogue

pytestmark = pytest.mark.django_db


def test_seeding_twice_changes_nothing() -> None:
    first = products_seed_demo()
    rows = list(ProductVersion.objects.order_by("pk").values())
    second = products_seed_demo()
    assert all(created for _, created in first) and not any(created for _, created in second)
    assert list(ProductVersion.objects.order_by("pk").values()) == rows
    assert Product.objects.count() == 8 and ProductVersion.objects.count() == 9
    assert AuditEvent.objects.filter(action="product_seed_demo").count() == 8


def test_every_kind_is_offered_with_neutral_names() -> None:
    products_seed_demo()
    versions = product_catalogue(date(2025, 1, 1))
    assert {v.product.kind for v in versions} == {
        "new_car", "used_car", "title_loan", "pledge_loan", "finance_lease_direct", "finance_lease_leaseback",
        "lease_to_own", "balloon"}
    for name in Product.objects.values_list("name_zh", flat=True):
        assert "以租代购" not in name and "车抵贷" not in name


def test_fees_and_caps_are_believable() -> None:
    products_seed_demo()
    for version in product_catalogue(date(2025, 1, 1)):
        gps = [Decimal(fee["amount"]) for fee in version.fees if fee["kind"] == "gps"]
        assert len(gps) == 1 and Decimal(1000) <= gps[0] <= Decimal(3000), version
        assert any(fee["kind"] == "service" for fee in version.fees)
        assert version.rate_max <= Decimal(24) and version.ltv_caps
    used = next(v for v in product_catalogue(date(2025, 1, 1)) if v.product.code == "USEDCAR")
    assert max(used.terms_months) == 36 and used.repayment_methods == ["annuity", "equal-principal"]
