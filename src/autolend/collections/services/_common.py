"""What the collections services share: the error type, the case lock, the action record."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from autolend.audit.services import audit_record
from autolend.collections.models import CaseAction, CaseStatus, CollectionCase


class CollectionsError(ValueError):
    """Bad input or a refused action: ``field`` and ``message`` (the API answers 400)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def case_lock(case: CollectionCase | int, *, open_only: bool = True) -> CollectionCase:
    """The case row, locked (two collectors acting on one case at once are serialised)."""
    pk = case.pk if isinstance(case, CollectionCase) else int(case)
    try:
        locked = CollectionCase.objects.select_for_update().get(pk=pk)
    except CollectionCase.DoesNotExist:
        raise CollectionsError("case", f"no case {pk}") from None
    if open_only and locked.status != CaseStatus.OPEN:
        raise CollectionsError("case", f"case {pk} is closed")
    return locked


def action_record(case: CollectionCase, kind: str, actor: Any, business_date: date, *, text: str = "",
                  outcome: str = "", touch: bool = True, **audit: Any) -> CaseAction:
    """One case action plus its audit event; ``touch`` counts it as work for the SLA."""
    action = CaseAction.objects.create(case=case, kind=kind, outcome=outcome, text=text[:500],
                                       business_date=business_date, actor=actor, created_at=timezone.now())
    if touch:
        case.last_action_on = business_date
        case.save(update_fields=["last_action_on"])
    audit_record(f"collections.{kind}", "collection_case", case.pk, actor=actor, business_date=business_date,
                 after={"action": action.pk, "outcome": outcome, "text": text[:200], **{k: str(v) for k, v in audit.items()}})
    return action
