"""The demo applications are seeded through the real services in every resting state (draft,
submitted, approved, referred, declined, offer accepted, booked, withdrawn, expired), across the
three channels and the three demo dealers, each decided one with its decision record and audit
trail; a second run writes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from autolend.audit.models import AuditEvent
from autolend.decisioning.models import DecisionRecord
from autolend.origination import testing as t
from autolend.origination.demo import applications_seed_demo
from autolend.origination.models import Application
from autolend.servicing.testing import fresh_books

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 11, 27)


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    t.configure(settings, tmp_path)
    t.seed_catalogue()
    fresh_books()


def test_every_state_is_seeded_once() -> None:
    lines: list[str] = []
    counts = applications_seed_demo(AS_OF, lines.append, count=80)
    assert sum(counts.values()) == 80 and lines[-1].startswith("Demo applications: 80 in")
    assert set(counts) == {"draft", "submitted", "approved", "referred", "declined", "offer_accepted", "booked",
                           "withdrawn", "expired"}
    demo = Application.objects.filter(device_id__startswith="demo-app-")
    assert set(demo.values_list("channel", flat=True)) == {"dealer_portal", "borrower_web", "partner_api"}
    assert demo.exclude(dealer=None).values("dealer").distinct().count() == 3
    decided = demo.exclude(status__in=("draft", "submitted"))
    assert DecisionRecord.objects.filter(application__in=decided).values("application").distinct().count() \
        == decided.count()
    booked = demo.filter(status="booked").first()
    actions = set(AuditEvent.objects.filter(object_type="application", object_id=str(booked.pk))
                  .values_list("action", flat=True))
    assert {"application_create", "application_submitted", "application_approved", "application_offer_accepted",
            "application_contract_signed", "application_booked"} <= actions

    events = AuditEvent.objects.count()
    assert applications_seed_demo(AS_OF, count=80) == counts  # idempotent
    assert AuditEvent.objects.count() == events
