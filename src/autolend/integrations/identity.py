"""The identity-verification port (身份核验): three factors (三要素: name + resident ID + mobile) or
four (四要素: plus a bank card), checked against an authoritative source by a provider.

``IdentityVerifier`` is the port. ``SimulatedIdentityVerifier`` is deterministic, so the demo and
the tests can produce every outcome on purpose:

* resident ID sequence code (characters 15–17) from ``990`` to ``999`` → ``mismatch`` on the name
  (the name does not belong to that ID: a stolen or invented identity);
* sequence code ``980``–``989`` → ``error`` (the provider could not answer: retry later);
* a mobile number ending in ``0000`` → ``mismatch`` on the mobile (not registered to that ID);
* a bank card ending in ``0000`` → ``mismatch`` on the bank card (the payment simulator refuses
  accounts ending in ``0000`` too);
* anything else → ``match``.

The reference is derived from the factors, so the same request always gives the same answer.
``identity_verifier()`` returns the adapter named by the setting ``AUTOLEND_IDENTITY_VERIFIER``:
"simulated" (the default) or a dotted path to a class.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class Outcome(StrEnum):
    MATCH = "match"  # 一致
    MISMATCH = "mismatch"  # 不一致
    ERROR = "error"  # 查询失败 / 库无: no verdict


@dataclass(frozen=True)
class IdentityFactors:
    """What is checked. ``bank_card`` given: a four-factor check; else three-factor."""

    name: str
    resident_id: str
    mobile: str
    bank_card: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        """The factors checked, by field name."""
        base = ("name", "resident_id", "mobile")
        return (*base, "bank_card") if self.bank_card else base


@dataclass(frozen=True)
class VerificationResult:
    """The provider's answer. ``mismatched`` names the factors that did not match."""

    outcome: Outcome
    provider: str
    reference: str
    mismatched: tuple[str, ...] = ()
    message: str = ""


class IdentityVerifier(Protocol):
    provider: str

    def verify(self, factors: IdentityFactors) -> VerificationResult:
        """Check that the factors belong to one person; never raises for a bad answer."""
        ...


class SimulatedIdentityVerifier:
    """Deterministic verifier (see the module docstring for the outcome rules)."""

    provider = "simulated"

    def __init__(
        self,
        mismatch_sequence_prefix: str = "99",
        error_sequence_prefix: str = "98",
        fail_suffix: str = "0000",
    ) -> None:
        self.mismatch_sequence_prefix = mismatch_sequence_prefix
        self.error_sequence_prefix = error_sequence_prefix
        self.fail_suffix = fail_suffix

    def verify(self, factors: IdentityFactors) -> VerificationResult:
        key = "|".join((factors.name, factors.resident_id, factors.mobile, factors.bank_card))
        reference = "IDV-" + hashlib.sha256(key.encode()).hexdigest()[:16].upper()
        sequence = factors.resident_id[14:17]
        if sequence.startswith(self.error_sequence_prefix):
            return VerificationResult(Outcome.ERROR, self.provider, reference,
                                      message="provider unavailable (simulated)")
        mismatched: list[str] = []
        if sequence.startswith(self.mismatch_sequence_prefix):
            mismatched.append("name")
        if factors.mobile.endswith(self.fail_suffix):
            mismatched.append("mobile")
        if factors.bank_card and factors.bank_card.endswith(self.fail_suffix):
            mismatched.append("bank_card")
        if mismatched:
            return VerificationResult(Outcome.MISMATCH, self.provider, reference, tuple(mismatched),
                                      "factors do not belong to one person (simulated)")
        return VerificationResult(Outcome.MATCH, self.provider, reference)


def identity_verifier() -> IdentityVerifier:
    """The configured adapter (setting ``AUTOLEND_IDENTITY_VERIFIER``, default the simulator)."""
    name = getattr(settings, "AUTOLEND_IDENTITY_VERIFIER", "") or "simulated"
    if name == "simulated":
        return SimulatedIdentityVerifier()
    verifier: IdentityVerifier = import_string(name)()
    return verifier
