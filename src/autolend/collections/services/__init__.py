"""Collections writes, one transaction each (lock the case, write, audit)."""

from autolend.collections.services.resolution import (
    agency_place,
    hardship_approve,
    hardship_propose,
    recovery_record,
    writeoff_approve,
    writeoff_propose,
    writeoff_recommend,
)
from autolend.collections.services.work import (
    arrangement_create,
    call_log,
    case_assign,
    case_escalate,
    message_send,
    note_add,
    promise_create,
)

__all__ = [
    "agency_place", "arrangement_create", "call_log", "case_assign", "case_escalate", "hardship_approve",
    "hardship_propose", "message_send", "note_add", "promise_create", "recovery_record", "writeoff_approve",
    "writeoff_propose", "writeoff_recommend",
]
