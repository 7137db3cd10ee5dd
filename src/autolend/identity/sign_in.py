"""Writes of signing in: attempts (with the lockout they may start) and two-factor enrolment,
each one transaction with its audit event (who, when, from which address)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from autolend.audit.services import audit_record
from autolend.identity.lockout import Lock, lock_for, normalized
from autolend.identity.models import LoginAttempt

Kind = LoginAttempt.Kind
Outcome = LoginAttempt.Outcome


def login_attempt_record(
    username: str, ip: str | None, kind: str, outcome: str, *, user: Any = None, now: datetime
) -> Lock | None:
    """Record one attempt at ``now`` and audit it; returns the lock a failure has just started.

    ``kind`` is ``password`` or ``code``; ``outcome`` ``succeeded``, ``failed`` or ``refused``
    (refused attempts — made while locked — are kept in the table but not audited, so a flood of
    them cannot flood the audit trail). Call ``lock_for`` first and record ``refused`` when locked.
    """
    name = normalized(username)
    with transaction.atomic():
        LoginAttempt.objects.create(at=now, username=name, ip=ip, kind=kind, outcome=outcome)
        if outcome == Outcome.REFUSED:
            return None
        details = {"username": name, "ip": ip, "at": now.isoformat()}
        audit_record(f"login.{kind}.{outcome}", "user", name, actor=user, after=details)
        if outcome != Outcome.FAILED:
            return None
        lock = lock_for(name, ip, now)
        if lock is not None:
            audit_record("login.locked", "user", name, actor=user,
                         after={**details, "until": lock.until.isoformat(), "by": lock.by})
        return lock


def two_factor_enrol_confirm(device: TOTPDevice, *, ip: str | None, now: datetime) -> None:
    """Mark the enrolled device confirmed (the user typed a valid code from it) and audit it;
    any other unconfirmed devices of the user are dropped."""
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user_id=device.user_id, confirmed=False).delete()
        audit_record("two_factor.enrolled", "user", device.user.get_username(), actor=device.user,
                     after={"device": device.persistent_id, "ip": ip, "at": now.isoformat()})
