"""A new applicant's application through the intake: every record and every move is audited
(borrower registered, identity checked, consent granted, application created, submitted,
decided), but the intake's records are one transaction with one audit append and the decision
another, so the whole request stays within a fixed number of queries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from autolend.audit.models import AuditEvent
from autolend.origination import testing as t
from autolend.parties.models import KycStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    t.configure(settings, tmp_path)
    t.seed_catalogue()


def test_the_intake_audits_every_step_in_two_appends() -> None:
    t.submit()  # models loaded, the catalogue read once
    before = AuditEvent.objects.count()
    with CaptureQueriesContext(connection) as queries:
        app = t.submit(dealer_row=None, channel="borrower_web")
    events = list(AuditEvent.objects.order_by("seq").values_list("action", "object_type")[before:])
    assert events == [("borrower_register", "borrower"), ("identity_check_run", "borrower"),
                      ("consent_grant", "borrower"), ("application_create", "application"),
                      ("application_submitted", "application"), (f"application_{app.status}", "application")]
    assert app.borrower.kyc_status == KycStatus.VERIFIED and app.decisions.count() == 1
    heads = [q for q in queries.captured_queries if q["sql"].startswith('UPDATE "audit_audithead"')]
    assert len(heads) == 2  # one append for the intake's records, one for the decision
    assert len(queries.captured_queries) <= 30
