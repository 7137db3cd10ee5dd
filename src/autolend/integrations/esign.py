"""The e-signature port (电子签约): send a contract for signature, record the signature.

``ESignProvider`` is the port: ``envelope_create`` registers a document (by its SHA-256) and the
signer, ``envelope_sign`` records the signer's consent (a one-time code in the real world) and
returns the provider's evidence. ``SimulatedESign`` is deterministic: the envelope id derives
from the document hash and the signer; the code ``000000`` (or a signer mobile ending ``0000``)
is refused, anything else signs. A signature is bound to the document hash: signing with a hash
other than the envelope's is refused, as a real provider refuses a changed document.
``esign_provider()`` returns the adapter named by ``AUTOLEND_ESIGN_PROVIDER`` ("simulated", the
default, or a dotted path to a class).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Signer:
    name: str
    resident_id: str
    mobile: str


@dataclass(frozen=True)
class Envelope:
    provider: str
    envelope_id: str
    document_sha256: str


@dataclass(frozen=True)
class SignatureResult:
    """``signed`` False: nothing was signed, ``message`` says why. ``evidence`` is the provider's
    reference of the signing record (certificate serial, time-stamp token id)."""

    signed: bool
    envelope_id: str
    evidence: str = ""
    message: str = ""


class ESignProvider(Protocol):
    provider: str

    def envelope_create(self, document_sha256: str, title: str, signer: Signer) -> Envelope:
        """Register the document (by hash) for ``signer``; the provider sends them the request."""
        ...

    def envelope_sign(
        self, envelope_id: str, document_sha256: str, signer: Signer, code: str, at: datetime
    ) -> SignatureResult:
        """Record ``signer``'s signature of the document with this hash, confirmed by ``code``."""
        ...


class SimulatedESign:
    """Deterministic, stateless provider: the envelope id is derived from the document hash and the
    signer, so any process (any web worker) can check a signature request against it."""

    provider = "simulated"

    @staticmethod
    def _envelope_id(document_sha256: str, signer: Signer) -> str:
        digest = hashlib.sha256(f"{document_sha256}|{signer.resident_id}|{signer.mobile}".encode()).hexdigest()
        return "ENV-" + digest[:20].upper()

    def envelope_create(self, document_sha256: str, title: str, signer: Signer) -> Envelope:
        return Envelope(self.provider, self._envelope_id(document_sha256, signer), document_sha256)

    def envelope_sign(
        self, envelope_id: str, document_sha256: str, signer: Signer, code: str, at: datetime
    ) -> SignatureResult:
        if envelope_id != self._envelope_id(document_sha256, signer):
            return SignatureResult(False, envelope_id,
                                   message="the document or the signer changed since it was sent")
        if code == "000000" or signer.mobile.endswith("0000"):
            return SignatureResult(False, envelope_id, message="the signer's code was refused (simulated)")
        evidence = hashlib.sha256(f"{envelope_id}|{at.isoformat()}".encode()).hexdigest()[:24].upper()
        return SignatureResult(True, envelope_id, evidence=f"SIG-{evidence}")


def esign_provider() -> ESignProvider:
    """The configured adapter (setting ``AUTOLEND_ESIGN_PROVIDER``, default the simulator)."""
    name = getattr(settings, "AUTOLEND_ESIGN_PROVIDER", "") or "simulated"
    if name == "simulated":
        return SimulatedESign()
    provider: ESignProvider = import_string(name)()
    return provider
