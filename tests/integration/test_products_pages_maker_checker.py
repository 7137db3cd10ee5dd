"""The product configuration pages: the catalogue and a product's versions with effective dates;
a risk manager proposes a new version (maker) and another approves it (checker), which closes the
previous version on the new one's start date. The maker cannot approve their own version (403),
bad input is 422 with the reason, and roles without the permission are refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from tests.integration.interfaces_fixtures import business_date_set, person, signed_in

from autolend.identity.models import Role
from autolend.products.demo import products_seed_demo
from autolend.products.models import ProductVersion

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _catalogue() -> None:
    products_seed_demo()
    business_date_set(date(2025, 3, 3))


def proposal(**changes: str) -> dict[str, object]:
    values: dict[str, object] = {
        "effective_from": "2025-04-01", "rate_min": "5.5", "rate_max": "18", "terms_months": "12, 24，36",
        "repayment_methods": ["annuity", "equal-principal"], "min_down_payment_pct": "20",
        "penalty_markup_pct": "50", "note": "spring pricing", "ltv_used": "70"}
    values.update(changes)
    return values


def test_the_catalogue_and_versions_render() -> None:
    client = signed_in(Role.AUDITOR)
    html = client.get("/backoffice/products/").content.decode()
    assert 'data-product="USEDCAR"' in html and 'data-product="NEWCAR"' in html
    detail = client.get("/backoffice/products/usedcar/").content.decode()
    assert 'id="versions"' in detail and 'data-version="1"' in detail
    assert 'id="propose"' not in detail and "/approve/" not in detail  # an auditor reads only
    assert client.get("/backoffice/products/NOSUCH/").status_code == 404


def test_maker_proposes_and_another_person_activates() -> None:
    before = ProductVersion.objects.filter(product__code="USEDCAR", status="active").order_by("-version").first()
    assert before is not None
    maker = signed_in(Role.RISK_MANAGER, "maker")
    response = maker.post("/backoffice/products/USEDCAR/versions/", proposal())
    assert response.status_code == 302
    version = ProductVersion.objects.get(product__code="USEDCAR", status="pending_approval")
    assert (version.rate_min, version.rate_max, version.terms_months, version.ltv_caps) == (
        Decimal("5.5"), Decimal("18"), [12, 24, 36], {"used": "70"})
    assert (version.effective_from, version.maker, version.note) == (date(2025, 4, 1), person(Role.RISK_MANAGER, "maker"),
                                                                     "spring pricing")
    assert version.fees == before.fees and version.allocation_order == before.allocation_order  # copied
    own = maker.post(f"/backoffice/products/versions/{version.pk}/approve/", headers={"Accept-Language": "en"})
    assert own.status_code == 403 and "another person must approve it" in own.content.decode()
    version.refresh_from_db()
    assert version.status == "pending_approval"
    checker = signed_in(Role.ADMIN, "checker", language="zh-hans")
    assert checker.post(f"/backoffice/products/versions/{version.pk}/approve/").status_code == 302
    version.refresh_from_db()
    before.refresh_from_db()
    assert (version.status, version.checker.username, before.effective_to) == ("active", "checker", date(2025, 4, 1))
    again = checker.post(f"/backoffice/products/versions/{version.pk}/approve/")
    assert again.status_code == 409 and "该版本已不在待审批状态" in again.content.decode()


def test_bad_input_is_refused_in_the_request_language() -> None:
    maker = signed_in(Role.RISK_MANAGER, "maker-bad")
    english = maker.post("/backoffice/products/USEDCAR/versions/", proposal(rate_min="30", terms_months="12, x"))
    assert english.status_code == 422
    html = english.content.decode()
    assert "The minimum rate must not exceed the maximum rate." in html and 'id="error-terms_months"' in html
    chinese = signed_in(Role.RISK_MANAGER, "maker-zh", language="zh-hans").post(
        "/backoffice/products/USEDCAR/versions/", proposal(rate_min="30"))
    assert chinese.status_code == 422 and "最低利率不得高于最高利率。" in chinese.content.decode()
    assert not ProductVersion.objects.filter(status="pending_approval").exists()


def test_reject_needs_a_reason_and_permissions_are_enforced() -> None:
    signed_in(Role.RISK_MANAGER, "maker-r").post("/backoffice/products/USEDCAR/versions/", proposal())
    version = ProductVersion.objects.get(status="pending_approval")
    checker = signed_in(Role.ADMIN, "checker-r")
    assert checker.post(f"/backoffice/products/versions/{version.pk}/reject/", {"reason": ""}).status_code == 422
    assert checker.post(f"/backoffice/products/versions/{version.pk}/reject/",
                        {"reason": "rates too low"}).status_code == 302
    version.refresh_from_db()
    assert (version.status, version.note) == ("draft", "rates too low")
    underwriter = signed_in(Role.UNDERWRITER)
    assert underwriter.post("/backoffice/products/USEDCAR/versions/", proposal()).status_code == 403
    assert underwriter.post(f"/backoffice/products/versions/{version.pk}/approve/").status_code == 403
    assert Client().get("/backoffice/products/").status_code == 302
