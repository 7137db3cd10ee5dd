"""The bureau is asked only with a credit-pull consent in force; without one, or when the bureau
does not answer, the decision refers to a human instead of guessing; the report is in the record."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from autolend.origination import testing as t
from autolend.origination.models import ApplicationStatus as S
from autolend.origination.services import application_create, application_submit
from autolend.parties.models import ConsentRecord
from autolend.parties.services import borrower_register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    t.configure(settings, tmp_path)
    t.seed_catalogue()


def test_the_report_is_recorded() -> None:
    app = t.submit()
    snapshot = app.decisions.get().input_snapshot
    assert snapshot["bureau"]["provider"] == "simulated" and snapshot["extra"]["bureau_note"] == "ok"


def test_without_consent_there_is_no_pull_and_a_referral() -> None:
    borrower = borrower_register(name="钱进", resident_id=t.unique_resident_id(), mobile="13800005678",
                                 as_of=t.AS_OF, monthly_income="20000")
    app = application_submit(application_create(borrower=borrower, channel="borrower_web", product_code="NEWCAR",
                                                fields=t.vehicle_fields(), as_of=t.AS_OF), as_of=t.AS_OF)
    record = app.decisions.get()
    assert record.input_snapshot["bureau"] is None and record.input_snapshot["extra"]["bureau_note"] == "no_consent"
    assert "bureau_unavailable" in {h["code"] for h in record.rule_hits} and app.status == S.REFERRED


def test_a_revoked_consent_counts_as_none() -> None:
    first = t.submit()
    ConsentRecord.objects.filter(borrower=first.borrower).update(revoked_at=timezone.now())
    again = application_submit(application_create(borrower=first.borrower, channel="borrower_web",
                                                  product_code="NEWCAR", fields=t.vehicle_fields(), as_of=t.AS_OF),
                               as_of=t.AS_OF)
    assert again.decisions.get().input_snapshot["extra"]["bureau_note"] == "no_consent"


def test_a_bureau_outage_refers() -> None:
    app = t.submit(applicant_changes={"resident_id": t.resident_id(sequence="951")})
    assert app.decisions.get().input_snapshot["extra"]["bureau_note"] == "unavailable"
    assert app.status == S.REFERRED
