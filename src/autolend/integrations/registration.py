"""The vehicle registration office port (车管所): mortgage registration (抵押登记) and release (解押).

``RegistrationOffice`` is the port. ``SimulatedRegistrationOffice`` is deterministic and
stateless, so the demo and the tests can produce every outcome on purpose:

* a filing whose VIN ends in ``0000`` is rejected (the office "cannot find the vehicle");
* a filing is registered ``processing_days`` (2) days after it was submitted: before that the
  status is ``pending``; the certificate number derives from the reference;
* a release is done ``processing_days`` days after it was submitted.

References carry the submission date (``MRG-20240120-…``), so a status query needs no memory;
the same idempotency key always gives the same reference. ``registration_office()`` returns the
adapter named by the setting ``AUTOLEND_REGISTRATION_OFFICE``: "simulated" (the default) or a
dotted path to a class.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class OfficeState(StrEnum):
    PENDING = "pending"  # 受理中
    REGISTERED = "registered"  # 已登记
    RELEASED = "released"  # 已解除
    REJECTED = "rejected"  # 不予受理


@dataclass(frozen=True)
class MortgageFiling:
    """What is filed for a mortgage registration: the car, the borrower (owner), the lender."""

    vin: str
    plate: str
    owner_name: str
    lender_name: str
    loan_number: str
    secured_amount: Decimal  # yuan


@dataclass(frozen=True)
class Submission:
    """The office's receipt. ``accepted`` False: nothing is pending; ``message`` says why."""

    accepted: bool
    reference: str
    message: str = ""


@dataclass(frozen=True)
class OfficeAnswer:
    """The state of a filing; ``certificate_number`` and ``on`` once registered or released."""

    state: OfficeState
    certificate_number: str = ""
    on: date | None = None
    message: str = ""


class RegistrationOffice(Protocol):
    def submit_mortgage(self, filing: MortgageFiling, submitted_on: date, idempotency_key: str) -> Submission:
        """File a mortgage registration; never raises for a refusal."""
        ...

    def mortgage_status(self, reference: str, as_of: date) -> OfficeAnswer:
        """Where the filing ``reference`` stands on ``as_of``."""
        ...

    def submit_release(self, certificate_number: str, vin: str, submitted_on: date, idempotency_key: str) -> Submission:
        """File the release of the mortgage registered under ``certificate_number``."""
        ...

    def release_status(self, reference: str, as_of: date) -> OfficeAnswer:
        """Where the release filing ``reference`` stands on ``as_of``."""
        ...


class SimulatedRegistrationOffice:
    """Deterministic office (see the module docstring for the outcome rules)."""

    def __init__(self, processing_days: int = 2, reject_suffix: str = "0000") -> None:
        self.processing_days = processing_days
        self.reject_suffix = reject_suffix

    def submit_mortgage(self, filing: MortgageFiling, submitted_on: date, idempotency_key: str) -> Submission:
        if filing.vin.endswith(self.reject_suffix):
            return Submission(False, "", f"vehicle {filing.vin} not found in the register (simulated)")
        return Submission(True, _reference("MRG", submitted_on, idempotency_key))

    def mortgage_status(self, reference: str, as_of: date) -> OfficeAnswer:
        return self._status(reference, as_of, "MRG", OfficeState.REGISTERED)

    def submit_release(self, certificate_number: str, vin: str, submitted_on: date, idempotency_key: str) -> Submission:
        if not certificate_number:
            return Submission(False, "", "no certificate number: nothing is registered (simulated)")
        return Submission(True, _reference("REL", submitted_on, idempotency_key))

    def release_status(self, reference: str, as_of: date) -> OfficeAnswer:
        return self._status(reference, as_of, "REL", OfficeState.RELEASED)

    def _status(self, reference: str, as_of: date, prefix: str, done: OfficeState) -> OfficeAnswer:
        parts = reference.split("-")
        if len(parts) != 3 or parts[0] != prefix:
            return OfficeAnswer(OfficeState.REJECTED, message=f"unknown reference {reference!r} (simulated)")
        try:
            submitted = date.fromisoformat(f"{parts[1][:4]}-{parts[1][4:6]}-{parts[1][6:]}")
        except ValueError:
            return OfficeAnswer(OfficeState.REJECTED, message=f"unknown reference {reference!r} (simulated)")
        ready = submitted + timedelta(days=self.processing_days)
        if as_of < ready:
            return OfficeAnswer(OfficeState.PENDING)
        number = "" if done is OfficeState.RELEASED else "DY" + str(int(parts[2], 16) % 10**10).zfill(10)
        return OfficeAnswer(done, certificate_number=number, on=ready)


def _reference(prefix: str, on: date, key: str) -> str:
    digest = hashlib.sha256(f"{prefix}:{key}".encode()).hexdigest()[:12].upper()
    return f"{prefix}-{on:%Y%m%d}-{digest}"


def registration_office() -> RegistrationOffice:
    """The configured adapter (setting ``AUTOLEND_REGISTRATION_OFFICE``, default the simulator)."""
    name = getattr(settings, "AUTOLEND_REGISTRATION_OFFICE", "") or "simulated"
    if name == "simulated":
        return SimulatedRegistrationOffice()
    office: RegistrationOffice = import_string(name)()
    return office
