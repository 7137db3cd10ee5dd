"""The strategy page: everyone with collections.view sees the table in force (Chinese by default,
English on request); a manager proposes a new version from the form, the same manager's approval
is refused with a translated message (maker-checker), a second manager activates it; a collector
cannot propose (403). Every POST needs the CSRF token."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from autolend.collections.models import CollectionStrategy, StrategyStatus
from autolend.collections.selectors import strategy_in_force
from autolend.collections.strategy import BANDS, DEFAULT_ROWS, DEFAULT_SLA_DAYS
from autolend.identity.models import Role, User
from autolend.identity.testing import login
from autolend.servicing.models import BusinessDay

pytestmark = pytest.mark.django_db
URL = "/backoffice/collections/strategy/"
TOKEN = "s" * 32
TODAY = date(2024, 6, 1)


def signed_in(role: Role, username: str) -> Client:
    client = login(Client(enforce_csrf_checks=True), User.objects.create_user(username=username, password="x", role=role))
    client.cookies["csrftoken"] = TOKEN
    return client


def proposal() -> dict[str, str]:
    form = {"version": "2024-07", "effective_from": "2024-07-01", "writeoff_after_dpd": "150", "note": "tighter M2",
            "csrfmiddlewaretoken": TOKEN}
    form |= {f"cell_{b}_{band}": q for b, queues in DEFAULT_ROWS.items() for band, q in zip(BANDS, queues, strict=True)}
    form |= {f"sla_{q}": str(d) for q, d in DEFAULT_SLA_DAYS.items()}
    form["cell_M2_low"] = "field_visit"
    return form


def test_view_propose_and_approve_by_a_second_manager() -> None:
    BusinessDay.objects.create(id=1, business_date=TODAY)
    collector = signed_in(Role.COLLECTOR, "c1")
    zh = collector.get(URL).content.decode()
    assert "催收策略" in zh and "2026-01" in zh and "委外催收" in zh
    en = collector.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Version 2026-01 is in force on 2024-06-01." in en and "Propose a new version" not in en
    assert collector.post(f"{URL}propose/", proposal()).status_code == 403

    maker, checker = signed_in(Role.RISK_MANAGER, "maker"), signed_in(Role.ADMIN, "checker")
    assert "Propose a new version" in maker.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    bad = maker.post(f"{URL}propose/", {**proposal(), "sla_phone": "0"}, follow=True).content.decode()
    assert "每个队列的时限须为 1 至 90 天" in bad and not CollectionStrategy.objects.filter(version="2024-07").exists()
    done = maker.post(f"{URL}propose/", proposal(), follow=True, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Version 2024-07 proposed: another manager must approve it." in done
    version = CollectionStrategy.objects.get(version="2024-07")
    own = maker.post(f"{URL}{version.pk}/approve/", {"csrfmiddlewaretoken": TOKEN}, follow=True).content.decode()
    assert "提议人不能审批或驳回自己的提议" in own
    checker.post(f"{URL}{version.pk}/approve/", {"csrfmiddlewaretoken": TOKEN})
    version.refresh_from_db()
    assert (version.status, version.decided_by.username) == (StrategyStatus.ACTIVE, "checker")
    assert strategy_in_force(date(2024, 7, 1)).table[("M2", "low")] == "field_visit"
    assert strategy_in_force(TODAY).version == "2026-01"
