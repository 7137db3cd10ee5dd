"""Manual review: a referred application is approved, declined or escalated by an underwriter with
a written reason; overriding a decline needs application.override (a senior underwriter), and
then gets offers from the decision's own snapshot. Every review is recorded and audited."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from autolend.audit.models import AuditEvent
from autolend.decisioning.models import ManualReview
from autolend.identity.models import Role
from autolend.origination import testing as t
from autolend.origination.errors import OriginationError
from autolend.origination.models import ApplicationStatus as S
from autolend.origination.services import application_review

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    t.configure(settings, tmp_path)
    t.seed_catalogue()


def referred() -> Any:
    app = t.submit(applicant_changes={"resident_id": t.resident_id(sequence="971")})  # thin bureau file
    assert app.status == S.REFERRED, list(app.decisions.first().rule_hits)
    return app


def declined() -> Any:
    app = t.submit(applicant_changes={"resident_id": t.resident_id(sequence="991")})  # identity mismatch
    assert app.status == S.DECLINED
    return app


def test_a_review_needs_a_written_reason() -> None:
    app = referred()
    uw = t.user("uw", Role.UNDERWRITER)
    for reason in ("", "   ", "ok"):
        with pytest.raises(OriginationError) as refused:
            application_review(app, action="approve", reason=reason, reviewer=uw)
        assert refused.value.field == "reason"
    app.refresh_from_db()
    assert app.status == S.REFERRED and not ManualReview.objects.exists()


def test_an_underwriter_approves_a_referral_with_a_reason() -> None:
    app = referred()
    uw = t.user("uw", Role.UNDERWRITER)
    done = application_review(app, action="approve", reason="Thin file; payslips and employer confirmed.",
                              reviewer=uw)
    assert done.status == S.APPROVED and done.offers.filter(is_active=True).exists()
    review = ManualReview.objects.get()
    assert (review.action, review.status_before, review.status_after, review.override) == (
        "approve", "referred", "approved", False)
    event = AuditEvent.objects.filter(object_id=str(app.pk), action="application_approved").last()
    assert event.actor == uw and event.after["reason"] == review.reason


def test_refer_escalates_without_moving() -> None:
    app = referred()
    done = application_review(app, action="refer", reason="Escalate: large amount for a thin file.",
                              reviewer=t.user("uw", Role.UNDERWRITER))
    assert done.status == S.REFERRED and ManualReview.objects.get().status_after == "referred"


def test_overriding_a_decline_needs_the_override_permission() -> None:
    app = declined()
    with pytest.raises(OriginationError) as refused:
        application_review(app, action="approve", reason="Customer known to the branch for years.",
                           reviewer=t.user("uw", Role.UNDERWRITER))
    assert refused.value.issues[0].code == "override_forbidden"
    with pytest.raises(PermissionDenied):
        application_review(app, action="approve", reason="Looks fine to me, approve.",
                           reviewer=t.user("ops", Role.OPERATIONS))
    senior = t.user("senior", Role.SENIOR_UNDERWRITER)
    done = application_review(app, action="approve", reason="Identity confirmed in person at the branch; "
                              "the provider's record was stale.", reviewer=senior)
    assert done.status == S.APPROVED and done.offers.filter(is_active=True).exists()
    assert done.expires_on is not None
    assert ManualReview.objects.get().override is True


def test_a_declined_application_cannot_be_declined_or_referred_again() -> None:
    app = declined()
    senior = t.user("senior", Role.SENIOR_UNDERWRITER)
    for action in ("decline", "refer"):
        with pytest.raises(OriginationError):
            application_review(app, action=action, reason="Trying again with a reason.", reviewer=senior)
