"""Product versions under maker-checker: submitted → pending approval; the maker cannot approve;
another person's approval activates the version and closes the previous one on its start date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from autolend.audit.models import AuditEvent
from autolend.identity.models import Role, User
from autolend.products.demo import products_seed_demo
from autolend.products.errors import ProductError
from autolend.products.selectors import product_version_effective
from autolend.products.services import (
    product_create,
    product_version_approve,
    product_version_reject,
    product_version_submit,
)
from autolend.products.version_settings import settings_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def maker() -> User:
    return User.objects.create_user(username="maker", password="x", role=Role.RISK_MANAGER)


@pytest.fixture
def checker() -> User:
    return User.objects.create_user(username="checker", password="x", role=Role.SENIOR_UNDERWRITER)


def cheaper_used_car(maker: User, start: date = date(2025, 4, 1)):  # type: ignore[no-untyped-def]
    products_seed_demo()
    current = product_version_effective("USEDCAR", date(2025, 1, 1))
    assert current is not None
    return product_version_submit("USEDCAR", effective_from=start, maker=maker, note="spring pricing",
                                  settings={**settings_of(current), "rate_min": "7.88"})


def test_submission_waits_for_approval_and_changes_nothing_yet(maker: User) -> None:
    version = cheaper_used_car(maker)
    assert (version.status, version.version, version.maker) == ("pending_approval", 2, maker)
    assert product_version_effective("USEDCAR", date(2025, 5, 1)).version == 1  # type: ignore[union-attr]
    assert AuditEvent.objects.filter(action="product_version_submit", object_id=str(version.pk)).exists()


def test_the_maker_cannot_approve_their_own_version(maker: User) -> None:
    version = cheaper_used_car(maker)
    with pytest.raises(ProductError, match="maker-checker") as caught:
        product_version_approve(version, maker)
    assert caught.value.field == "checker"
    version.refresh_from_db()
    assert version.status == "pending_approval"


def test_approval_activates_and_closes_the_previous_version(maker: User, checker: User) -> None:
    version = product_version_approve(cheaper_used_car(maker), checker)
    assert (version.status, version.checker) == ("active", checker)
    assert product_version_effective("USEDCAR", date(2025, 3, 31)).version == 1  # type: ignore[union-attr]
    now_in_force = product_version_effective("USEDCAR", date(2025, 4, 1))
    assert now_in_force is not None and now_in_force.rate_min == Decimal("7.88")
    event = AuditEvent.objects.get(action="product_version_approve")
    assert event.actor == checker and event.after["closed"] == [{"version": 1, "effective_to": "2025-04-01"}]


def test_a_version_is_approved_once(maker: User, checker: User) -> None:
    version = product_version_approve(cheaper_used_car(maker), checker)
    with pytest.raises(ProductError, match="not pending"):
        product_version_approve(version, checker)


def test_a_new_version_must_start_after_the_active_one(maker: User, checker: User) -> None:
    version = cheaper_used_car(maker, start=date(2023, 1, 1))  # the day version 1 starts
    with pytest.raises(ProductError) as caught:
        product_version_approve(version, checker)
    assert caught.value.field == "effective_from"


def test_rejection_returns_the_version_to_draft(maker: User, checker: User) -> None:
    version = product_version_reject(cheaper_used_car(maker), checker, reason="rate too low for the risk")
    assert (version.status, version.note) == ("draft", "rate too low for the risk")
    with pytest.raises(ProductError):
        product_version_approve(version, checker)


def test_a_new_product_starts_without_versions(maker: User, checker: User) -> None:
    product = product_create(code="nev-promo", kind="new_car", name_zh="新能源车贷款", name_en="NEV loan", actor=maker)
    assert product.code == "NEV-PROMO" and product_version_effective("NEV-PROMO", date(2025, 1, 1)) is None
    version = product_version_submit(product, effective_from=date(2025, 1, 1), maker=maker, settings={
        "terms_months": [12, 24, 36, 48, 60], "rate_min": "3.88", "rate_max": "9.88", "ltv_caps": {"self_use_nev": "85"}})
    product_version_approve(version, checker)
    assert product_version_effective("NEV-PROMO", date(2025, 1, 1)) == version
