"""Maker-checker by kind: which permission approves a request, and which service does it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from autolend.servicing.models import ApprovalKind

APPROVE_PERMISSION: dict[str, str] = {
    ApprovalKind.DISBURSEMENT: "disbursement.approve",
    ApprovalKind.WRITE_OFF: "writeoff.approve",
    ApprovalKind.RESTRUCTURE: "restructure.approve",
}


def approver(kind: str) -> Callable[..., Any]:
    """The service that approves a request of ``kind``: ``(request, checker, business_date)``."""
    from autolend.servicing.services import (
        disbursement_approve,
        restructure_approve,
        writeoff_approve,
    )

    return {ApprovalKind.DISBURSEMENT: disbursement_approve, ApprovalKind.WRITE_OFF: writeoff_approve,
            ApprovalKind.RESTRUCTURE: restructure_approve}[ApprovalKind(kind)]
