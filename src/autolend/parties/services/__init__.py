"""Parties writes: one module per verb, every function one transaction with one audit event."""

from autolend.parties.services.borrowers import borrower_register
from autolend.parties.services.consents import consent_grant, consent_revoke, consent_text_hash
from autolend.parties.services.dealers import dealer_register, dealer_staff_add, dealer_status_set
from autolend.parties.services.identity_checks import (
    identity_check_record,
    identity_check_run,
    identity_verify,
)

__all__ = [
    "borrower_register", "consent_grant", "consent_revoke", "consent_text_hash", "dealer_register",
    "dealer_staff_add", "dealer_status_set", "identity_check_record", "identity_check_run", "identity_verify",
]
