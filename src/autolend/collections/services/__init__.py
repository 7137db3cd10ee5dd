"""Collections writes, one transaction each (lock the case, write, audit)."""

from autolend.collections.services.commission import agency_commission_pay, commission_accrue
from autolend.collections.services.resolution import (
    agency_place,
    hardship_approve,
    hardship_propose,
    recovery_record,
    writeoff_approve,
    writeoff_propose,
    writeoff_recommend,
)
from autolend.collections.services.strategy_versions import (
    strategy_approve,
    strategy_propose,
    strategy_reject,
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
    "agency_commission_pay", "agency_place", "arrangement_create", "call_log", "case_assign", "case_escalate",
    "commission_accrue", "hardship_approve", "hardship_propose", "message_send", "note_add", "promise_create",
    "recovery_record", "strategy_approve", "strategy_propose", "strategy_reject", "writeoff_approve",
    "writeoff_propose", "writeoff_recommend",
]
