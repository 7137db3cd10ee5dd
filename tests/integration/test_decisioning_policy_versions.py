"""Policy rules are versioned data with effective dates: the version in force on the business
date decides, and the record names it. Regulatory caps are read the same way."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from autolend.decisioning.models import PolicyVersion
from autolend.decisioning.selectors import policy_in_force
from autolend.origination import testing as t
from autolend.origination.models import ApplicationStatus as S
from autolend.products.models import RegulatoryCap

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    t.configure(settings, tmp_path)
    t.seed_catalogue()


def test_the_version_in_force_on_the_date_decides() -> None:
    v1 = PolicyVersion.objects.get(version=1)
    start = t.AS_OF + timedelta(days=1)
    PolicyVersion.objects.filter(pk=v1.pk).update(effective_to=start)
    strict = {**v1.rules, "min_age": 50}
    PolicyVersion.objects.create(version=2, effective_from=start, rules=strict, note="test", created_at=timezone.now())
    assert policy_in_force(t.AS_OF).version == 1 and policy_in_force(start).version == 2
    before = t.submit(as_of=t.AS_OF)
    after = t.submit(as_of=start)
    assert before.decisions.get().policy_version == 1 and before.status == S.APPROVED
    record = after.decisions.get()
    assert record.policy_version == 2 and after.status == S.DECLINED
    assert "age_below_min" in {h["code"] for h in record.rule_hits}


def test_a_regulatory_cap_changed_in_the_table_changes_the_offers() -> None:
    RegulatoryCap.objects.filter(kind="max_term_months", scope="new_car", effective_to__isnull=True).update(
        effective_to=date(2025, 3, 1))
    RegulatoryCap.objects.create(kind="max_term_months", scope="new_car", value=48, effective_from=date(2025, 3, 1),
                                 source="test: a tighter rule from 2025-03-01")
    app = t.submit(term_months=60)
    assert {o.term_months for o in app.offers.all()} <= {36, 48}
    assert "term_over_cap" in {h["code"] for h in app.decisions.get().rule_hits}
