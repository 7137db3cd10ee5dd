"""Regulatory caps are effective-dated data (seeded by migration): nothing before 2018-01-01, the
2018 LTV and term caps, and from 2024-04-03 self-use LTV left to the institution's policy."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from autolend.audit.models import AuditEvent
from autolend.identity.models import Role, User
from autolend.products.models import RegulatoryCap
from autolend.products.selectors import regulatory_cap, regulatory_caps_in_force
from autolend.products.services import regulatory_cap_policy_set

pytestmark = pytest.mark.django_db

LTV_2018 = {"self_use_conventional": "80", "commercial_conventional": "70", "self_use_nev": "85",
            "commercial_nev": "75", "used": "70"}


def limit(kind: str, scope: str, on: date) -> Decimal | None:
    cap = regulatory_cap(kind, scope, on)
    return None if cap is None else cap.limit


def test_no_car_loan_caps_before_2018() -> None:
    on = date(2017, 12, 31)
    assert all(regulatory_cap("max_ltv", scope, on) is None for scope in LTV_2018)
    assert regulatory_cap("max_term_months", "used_car", on) is None
    assert {(c.kind, c.scope) for c in regulatory_caps_in_force(on)} == {("max_apr", "all")}


@pytest.mark.parametrize("on", [date(2018, 1, 1), date(2024, 4, 2)])
def test_the_2018_caps(on: date) -> None:
    for scope, value in LTV_2018.items():
        cap = regulatory_cap("max_ltv", scope, on)
        assert cap is not None and cap.value == Decimal(value) and not cap.institution_set
    assert [limit("max_term_months", s, on) for s in ("new_car", "used_car", "dealer_loan")] == [60, 36, 12]


def test_from_2024_04_03_self_use_ltv_is_set_by_the_institution() -> None:
    on = date(2024, 4, 3)
    self_use = regulatory_cap("max_ltv", "self_use_conventional", on)
    assert self_use is not None and self_use.value is None and self_use.institution_set
    assert self_use.limit == Decimal("80")  # the lender's policy value, configurable
    assert regulatory_cap("max_ltv", "self_use_nev", on).institution_set  # type: ignore[union-attr]
    assert [limit("max_ltv", s, on) for s in ("commercial_conventional", "commercial_nev", "used")] == [70, 75, 70]
    assert limit("max_term_months", "used_car", on) == 36


def test_the_apr_guardrail_is_a_configured_24_percent() -> None:
    cap = regulatory_cap("max_apr", "all", date(2025, 1, 1))
    assert cap is not None and cap.institution_set and cap.limit == Decimal("24")


def test_the_lender_sets_its_policy_value_with_an_audit_event() -> None:
    admin = User.objects.create_user(username="boss", password="x", role=Role.ADMIN)
    row = RegulatoryCap.objects.get(kind="max_ltv", scope="self_use_conventional", effective_from=date(2024, 4, 3))
    regulatory_cap_policy_set(row, Decimal("75"), actor=admin)
    assert limit("max_ltv", "self_use_conventional", date(2025, 1, 1)) == Decimal("75")
    assert limit("max_ltv", "self_use_conventional", date(2024, 4, 2)) == Decimal("80")  # history unchanged
    assert AuditEvent.objects.get(action="regulatory_cap_policy_set").after["policy_value"] == "75"
