"""Stipulations: requested → received (a document of the type arrives) → cleared, or
requested | received → waived with a reason; who and when are kept; anything else is refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from autolend.audit.models import AuditEvent
from autolend.identity.models import Role
from autolend.origination import testing as t
from autolend.origination.errors import OriginationError
from autolend.origination.models import StipulationStatus as T
from autolend.origination.services import (
    document_upload,
    stipulation_clear,
    stipulation_request,
    stipulation_waive,
)

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    t.configure(settings, tmp_path)
    t.seed_catalogue()


def test_requested_received_cleared() -> None:
    ops = t.user("ops", Role.OPERATIONS)
    app = t.submit()
    stip = app.stipulations.get(doc_type="driving_licence")
    assert stip.status == T.REQUESTED and stip.note == "policy"
    with pytest.raises(OriginationError):  # nothing received yet: nothing to clear
        stipulation_clear(stip, actor=ops)
    document_upload(app, doc_type="driving_licence", filename="licence.png", content=PNG, actor=ops)
    stip.refresh_from_db()
    assert stip.status == T.RECEIVED and stip.received_at is not None
    cleared = stipulation_clear(stip, actor=ops, note="matches the ID")
    assert (cleared.status, cleared.resolved_by, cleared.resolution_reason) == (T.CLEARED, ops, "matches the ID")
    assert cleared.resolved_at is not None
    with pytest.raises(OriginationError):  # cleared is final
        stipulation_waive(cleared, actor=ops, reason="changed my mind")
    actions = list(AuditEvent.objects.filter(object_type="application", object_id=str(app.pk))
                   .values_list("action", flat=True))
    assert "document_upload" in actions and "stipulation_cleared" in actions


def test_a_waiver_needs_a_reason() -> None:
    ops = t.user("ops", Role.OPERATIONS)
    app = t.submit()
    stip = app.stipulations.get(doc_type="id_card")
    with pytest.raises(OriginationError) as refused:
        stipulation_waive(stip, actor=ops, reason="ok")
    assert refused.value.field == "reason"
    waived = stipulation_waive(stip, actor=ops, reason="ID verified in branch")
    assert waived.status == T.WAIVED and waived.resolution_reason == "ID verified in branch"


def test_staff_can_ask_for_more_once_per_type() -> None:
    uw = t.user("uw", Role.UNDERWRITER)
    app = t.submit()
    first = stipulation_request(app, "bank_statement", note="6 months", actor=uw)
    again = stipulation_request(app, "bank_statement", actor=uw)
    assert first.pk == again.pk and first.requested_by == uw and first.status == T.REQUESTED
