"""Back-office application pages: guarded by permissions; the detail page explains the decision
(features, rule hits, reasons, model version, PD, grade, offers); review and stipulation forms."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from autolend.identity.models import Role
from autolend.identity.testing import login
from autolend.origination import testing as t
from autolend.origination.models import ApplicationStatus as S
from autolend.origination.models import StipulationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    t.configure(settings, tmp_path)
    t.seed_catalogue()


def test_pages_need_a_signed_in_staff_member(client: Client) -> None:
    app = t.submit()
    assert client.get("/backoffice/applications/").status_code == 302  # to the sign-in page
    login(client, t.user("buyer", Role.BORROWER))
    assert client.get("/backoffice/applications/").status_code == 403
    assert client.get(f"/backoffice/applications/{app.pk}/").status_code == 403
    login(client, t.user("ops", Role.OPERATIONS))
    assert client.post(f"/backoffice/applications/{app.pk}/review/",
                       {"action": "decline", "reason": "not allowed to"}).status_code == 403


def test_the_detail_page_explains_the_decision(client: Client) -> None:
    app = t.submit(applicant_changes={"resident_id": t.resident_id(sequence="972")})  # thin file: referred
    record = app.decisions.get()
    login(client, t.user("uw", Role.UNDERWRITER))
    listing = client.get("/backoffice/applications/?queue=review", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert app.number in listing
    page = client.get(f"/backoffice/applications/{app.pk}/?replay=1", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for text in (f"{record.model_name} v{record.model_version}", f"Grade <strong>{record.grade}</strong>",
                 "No credit bureau score (thin file).", record.reasons[0]["en"], "Debt-to-income (DTI)",
                 "Replayed from its record: identical.", "Challenger (shadow, not deciding)", "Record decision"):
        assert text in page, text
    chinese = client.get(f"/backoffice/applications/{app.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "无征信评分（征信白户）。" in chinese and record.reasons[0]["zh"] in chinese


def test_review_and_stipulation_forms(client: Client) -> None:
    app = t.submit(applicant_changes={"resident_id": t.resident_id(sequence="973")})
    login(client, t.user("uw", Role.UNDERWRITER))
    url = f"/backoffice/applications/{app.pk}/"
    missing = client.post(url + "review/", {"action": "approve", "reason": ""}, follow=True,
                          HTTP_ACCEPT_LANGUAGE="en")
    assert "Write the reason for this decision." in missing.content.decode()
    client.post(url + "review/", {"action": "approve", "reason": "Employer and payslips confirmed by phone."})
    app.refresh_from_db()
    assert app.status == S.APPROVED
    stipulation = app.stipulations.first()
    client.post(url + f"stipulations/{stipulation.pk}/", {"action": "waive", "note": "seen at the dealer"})
    stipulation.refresh_from_db()
    assert stipulation.status == StipulationStatus.WAIVED
    client.post(url + "stipulations/", {"doc_type": "bank_statement", "note": "last 6 months"})
    assert app.stipulations.filter(doc_type="bank_statement", status=StipulationStatus.REQUESTED).exists()


def test_an_underwriter_cannot_override_a_decline_from_the_page(client: Client) -> None:
    app = t.submit(applicant_changes={"resident_id": t.resident_id(sequence="993")})
    assert app.status == S.DECLINED
    login(client, t.user("uw", Role.UNDERWRITER))
    response = client.post(f"/backoffice/applications/{app.pk}/review/",
                           {"action": "approve", "reason": "I know this customer well."}, follow=True,
                           HTTP_ACCEPT_LANGUAGE="en")
    assert "Only a senior underwriter may override a declined application." in response.content.decode()
    app.refresh_from_db()
    assert app.status == S.DECLINED
