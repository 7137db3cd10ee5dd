"""Manual review (人工审批) of referred applications, and overrides of the engine.

An underwriter (permission ``application.review``) approves, declines or refers an application
that is referred or approved, always with a written reason. Approving a **declined** application
overrides the engine and needs ``application.override`` (senior underwriters): its offers are
then computed from the decision's own snapshot and PD (pure: the same record, no new bureau
pull). "Refer" on a referred application escalates it (recorded, status unchanged).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from autolend.audit.services import audit_record
from autolend.decisioning.engine.inputs import DecisionInput
from autolend.decisioning.engine.offers import offers_build
from autolend.decisioning.engine.rules import PolicyRules
from autolend.decisioning.selectors import decision_latest
from autolend.decisioning.services import review_record
from autolend.identity.permissions import has_perm
from autolend.origination.errors import OriginationError
from autolend.origination.models import Application, ApplicationStatus
from autolend.origination.services._common import business_date_today, locked, now
from autolend.origination.services.decisions import offers_create, stipulations_from_policy
from autolend.origination.states import move, refuse

S = ApplicationStatus
TARGET = {"approve": S.APPROVED, "decline": S.DECLINED, "refer": S.REFERRED}
MIN_REASON = 5  # characters: "ok" is not a reason


def application_review(application: Application | int, *, action: str, reason: str, reviewer: Any,
                       as_of: date | None = None) -> Application:
    """Record ``reviewer``'s ``action`` (approve / decline / refer) with ``reason``."""
    if action not in TARGET:
        raise OriginationError.of("action", "review_action_invalid")
    text = " ".join((reason or "").split())
    if len(text) < MIN_REASON:
        raise OriginationError.of("reason", "reason_required")
    if not has_perm(reviewer, "application.review"):
        raise PermissionDenied("application.review")
    day = as_of or business_date_today()
    with transaction.atomic():
        app = locked(application)
        before = app.status
        decision = decision_latest(app.pk)
        if decision is None or before not in (S.REFERRED, S.APPROVED, S.DECLINED):
            raise refuse(app, TARGET[action])
        if before == S.DECLINED:
            if action != "approve":
                raise refuse(app, TARGET[action])
            if not has_perm(reviewer, "application.override"):
                raise OriginationError.of("action", "override_forbidden")
        override = (app.outcome == "decline" and action == "approve") or (app.outcome == "approve" and action == "decline")
        escalation = before == S.REFERRED and action == "refer"
        after = before if escalation else TARGET[action]
        review = review_record(app, decision, action=action, reason=text, reviewer=reviewer, status_before=before,
                               status_after=after, override=override)
        if action == "approve":
            rules = PolicyRules.from_json(decision.input_snapshot["policy"])
            if not app.offers.filter(is_active=True).exists():
                _offers_for_override(app, decision, rules, reviewer)
            if app.expires_on is None or app.expires_on < day:
                app.expires_on = day + timedelta(days=rules.offer_validity_days)
        if action == "decline":
            app.offers.filter(is_active=True, accepted_at__isnull=True).update(is_active=False)
        details = {"review_id": review.pk, "action": action, "reason": text, "override": override}
        if escalation:
            audit_record("application_escalated", "application", app.pk, actor=reviewer, business_date=day,
                         before={"status": before}, after={"status": before, **details})
        else:
            move(app, after, actor=reviewer, business_date=day, **details)
        app.updated_at = now()
        app.save(update_fields=["status", "expires_on", "updated_at"])
    return app


def _offers_for_override(app: Application, decision: Any, rules: PolicyRules, reviewer: Any) -> None:
    snapshot = DecisionInput.from_json(decision.input_snapshot)
    offers, _prices = offers_build(snapshot, rules, float(decision.pd))
    if not offers:
        raise OriginationError.of("action", "offer_not_open")
    offers_create(app, decision, offers)
    stipulations_from_policy(app, rules, ("always", "refer"), reviewer)
