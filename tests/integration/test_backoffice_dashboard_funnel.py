"""The dashboard's application funnel counts the applications that reached each stage
(submitted → approved → offer accepted → contract signed → booked; withdrawn or expired ones up
to where they got) and the approval rate per week of the decision (approved ÷ decided)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from tests.integration.interfaces_fixtures import business_date_set, signed_in

from autolend.identity.models import Role
from autolend.origination import testing as t
from autolend.origination.models import Application, Offer
from autolend.web.backoffice.dashboard_queries import application_funnel, approval_rates

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    t.configure(settings, tmp_path)
    t.seed_catalogue()


def test_funnel_and_weekly_approval_rate() -> None:
    apps = [t.submit() for _ in range(7)]
    statuses = ["booked", "contract_signed", "offer_accepted", "approved", "declined", "withdrawn", "referred"]
    for app, status in zip(apps, statuses, strict=True):
        Application.objects.filter(pk=app.pk).update(status=status, decided_on=t.AS_OF)
    Offer.objects.filter(application=apps[4]).delete()  # a decline has no offers
    if not Offer.objects.filter(application=apps[5]).exists():  # withdrawn after an approval
        pytest.skip("the engine made no offer for this applicant")
    Application.objects.filter(pk=apps[3].pk).update(decided_on=date(2025, 2, 26))  # the week before
    assert [(stage, n, str(pct)) for stage, n, pct in application_funnel()] == [
        ("submitted", 7, "100.00"), ("approved", 5, "71.43"), ("accepted", 3, "42.86"), ("signed", 2, "28.57"),
        ("booked", 1, "14.29")]
    weeks = approval_rates(date(2025, 3, 5), weeks=2)
    assert [(w.week, w.decided, w.approved, str(w.rate)) for w in weeks] == [
        (date(2025, 2, 24), 1, 1, "100.00"), (date(2025, 3, 3), 5, 4, "80.00")]
    business_date_set(date(2025, 3, 5))
    html = signed_in(Role.UNDERWRITER).get("/backoffice/").content.decode()
    booked = re.search(r'<tr data-stage="booked">(.*?)</tr>', html, re.S)
    assert booked and re.findall(r'<td class="num">([^<]*)</td>', booked.group(1)) == ["1", "14.29"]
    week = re.search(r'<tr data-week="2025-03-03">(.*?)</tr>', html, re.S)
    assert week and re.findall(r'<td class="num">([^<]*)</td>', week.group(1)) == ["5", "4", "80.00"]
