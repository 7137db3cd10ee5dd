"""The application state machine: every legal move is made and audited; every other move is
refused (OriginationError on "status") and leaves the row and the audit trail unchanged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from autolend.audit.models import AuditEvent
from autolend.origination import testing as t
from autolend.origination.errors import OriginationError
from autolend.origination.models import Application, ApplicationStatus
from autolend.origination.services import application_create
from autolend.origination.states import OPEN, TRANSITIONS, move
from autolend.parties.services import borrower_register

pytestmark = pytest.mark.django_db
S = ApplicationStatus
LEGAL = [(a, b) for a, targets in TRANSITIONS.items() for b in sorted(targets)]
ILLEGAL = [(a, b) for a in S.values for b in S.values if b not in TRANSITIONS[a]]


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    t.configure(settings, tmp_path)
    t.seed_catalogue()


@pytest.fixture
def application() -> Application:
    borrower = borrower_register(name="周杰", resident_id=t.unique_resident_id(), mobile="13700001111",
                                 as_of=t.AS_OF, monthly_income="20000")
    return application_create(borrower=borrower, channel="borrower_web", product_code="NEWCAR",
                              fields=t.vehicle_fields(), as_of=t.AS_OF)


def events(app: Application) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_type="application", object_id=str(app.pk)).order_by("seq"))


def test_a_new_application_is_a_draft_with_its_creation_audited(application: Application) -> None:
    assert application.status == S.DRAFT
    assert [e.action for e in events(application)] == ["application_create"]


@pytest.mark.parametrize(("start", "to"), LEGAL, ids=[f"{a}->{b}" for a, b in LEGAL])
def test_each_legal_move_is_made_and_audited(application: Application, start: str, to: str) -> None:
    Application.objects.filter(pk=application.pk).update(status=start)
    with transaction.atomic():
        row = Application.objects.select_for_update().get(pk=application.pk)
        move(row, to, business_date=t.AS_OF)
        row.save(update_fields=["status"])
    assert Application.objects.get(pk=application.pk).status == to
    last = events(application)[-1]
    assert last.action == f"application_{to}" and last.before == {"status": start}
    assert last.after["status"] == to and last.business_date == t.AS_OF


@pytest.mark.parametrize(("start", "to"), ILLEGAL, ids=[f"{a}->{b}" for a, b in ILLEGAL])
def test_every_other_move_is_refused(application: Application, start: str, to: str) -> None:
    Application.objects.filter(pk=application.pk).update(status=start)
    before = len(events(application))
    with pytest.raises(OriginationError) as refused, transaction.atomic():
        row = Application.objects.select_for_update().get(pk=application.pk)
        move(row, to)
    assert refused.value.field == "status" and refused.value.issues[0].code == "status_illegal"
    assert Application.objects.get(pk=application.pk).status == start and len(events(application)) == before


def test_withdrawn_and_expired_are_reachable_from_every_open_state() -> None:
    for status in OPEN:
        assert {S.WITHDRAWN, S.EXPIRED} <= TRANSITIONS[status]
    for final in (S.BOOKED, S.WITHDRAWN, S.EXPIRED):
        assert TRANSITIONS[final] == frozenset()
