"""Origination writes: one module per verb group; each function one transaction (or a short
sequence of them around a remote call), every status change audited (``states.move``)."""

from autolend.origination.services.applications import (
    application_create,
    application_submit,
    application_withdraw,
    applications_expire,
)
from autolend.origination.services.contracts import contract_sign, offer_accept
from autolend.origination.services.decisions import application_decide
from autolend.origination.services.documents import (
    document_upload,
    stipulation_clear,
    stipulation_request,
    stipulation_waive,
)
from autolend.origination.services.intake import application_intake
from autolend.origination.services.review import application_review
from autolend.origination.services.tokens import partner_token_issue, partner_token_revoke

__all__ = [
    "application_create", "application_decide", "application_intake", "application_review",
    "application_submit", "application_withdraw", "applications_expire", "contract_sign", "document_upload",
    "offer_accept", "partner_token_issue", "partner_token_revoke", "stipulation_clear", "stipulation_request",
    "stipulation_waive",
]
