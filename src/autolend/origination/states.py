"""The application's state machine (申请状态): which status may follow which; every move audited.

    draft → submitted → approved | referred | declined (the decision)
    referred → approved | declined (manual review);  approved → referred | declined (review)
    declined → approved (an override, permission application.override, written reason)
    approved → offer_accepted → contract_signed → booked
    withdrawn and expired from every open state (draft, submitted, referred, approved, offer_accepted)

booked, withdrawn and expired are final. ``move`` refuses anything else with an
``OriginationError`` on the field "status" (code ``status_illegal``) and writes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from autolend.audit.services import AuditItem, audit_record
from autolend.origination.errors import FieldIssue, OriginationError
from autolend.origination.models import Application, ApplicationStatus

S = ApplicationStatus
OPEN = frozenset({S.DRAFT, S.SUBMITTED, S.REFERRED, S.APPROVED, S.OFFER_ACCEPTED})
_CLOSE = frozenset({S.WITHDRAWN, S.EXPIRED})

TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED}) | _CLOSE,
    S.SUBMITTED: frozenset({S.APPROVED, S.REFERRED, S.DECLINED}) | _CLOSE,
    S.REFERRED: frozenset({S.APPROVED, S.DECLINED}) | _CLOSE,
    S.APPROVED: frozenset({S.OFFER_ACCEPTED, S.REFERRED, S.DECLINED}) | _CLOSE,
    S.DECLINED: frozenset({S.APPROVED}),
    S.OFFER_ACCEPTED: frozenset({S.CONTRACT_SIGNED}) | _CLOSE,
    S.CONTRACT_SIGNED: frozenset({S.BOOKED}),
    S.BOOKED: frozenset(),
    S.WITHDRAWN: frozenset(),
    S.EXPIRED: frozenset(),
}


def can_move(status: str, to: str) -> bool:
    return to in TRANSITIONS.get(status, frozenset())


def refuse(application: Application, to: str) -> OriginationError:
    english = f"Application {application.number} is {application.status}: it cannot become {to}."
    chinese = f"申请{application.number}当前状态为{S(application.status).label}，不能变更为{S(to).label}。"
    return OriginationError.from_issues([FieldIssue("status", "status_illegal", english, str(chinese))])


def move(application: Application, to: str, *, actor: Any = None, business_date: date | None = None,
         audit: list[AuditItem] | None = None, **details: Any) -> None:
    """Change the (locked) application's status to ``to`` and audit it; the caller saves the row
    inside the same transaction. ``details`` go into the audit event's "after". ``audit``: the
    event is appended to this list instead, for the caller's one ``audit_record_many`` (after
    its row writes, in the same transaction)."""
    before = application.status
    if not can_move(before, to):
        raise refuse(application, to)
    application.status = to
    item = AuditItem(f"application_{to}", "application", application.pk, before={"status": before},
                     after={"status": to, "number": application.number, **details}, business_date=business_date)
    if audit is not None:
        audit.append(item)
    else:
        audit_record(item.action, item.object_type, item.object_id, actor=actor, business_date=business_date,
                     before=item.before, after=item.after)
