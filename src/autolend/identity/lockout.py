"""The lockout rule (登录锁定), read from the sign-in attempts.

A username is locked once it has AUTOLEND_LOCKOUT_FAILURES failed passwords or codes within
AUTOLEND_LOCKOUT_MINUTES (failures before its last success do not count), until the oldest of
those failures is that many minutes old. An IP address is refused the same way after
AUTOLEND_LOCKOUT_IP_FAILURES failures for any usernames (a success does not reset it, so one
valid account cannot shield guessing at others). Attempts refused while locked do not count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Max

from autolend.identity.models import LoginAttempt


@dataclass(frozen=True)
class Lock:
    """Why sign-in is refused and until when."""

    until: datetime
    by: str  # "username" or "ip"


def normalized(username: str) -> str:
    return username.strip().lower()[:150]


def _window() -> timedelta:
    return timedelta(minutes=settings.AUTOLEND_LOCKOUT_MINUTES)


def _lock_from(failure_times: list[datetime], limit: int, now: datetime) -> datetime | None:
    """The lock's end when the newest ``limit`` failures (newest first) all fall in the window."""
    if len(failure_times) < limit:
        return None
    until = failure_times[limit - 1] + _window()
    return until if until > now else None


def lock_for(username: str, ip: str | None, now: datetime) -> Lock | None:
    """The lock in force at ``now`` for this username or address, if any (username first)."""
    since = now - _window()
    name = normalized(username)
    failed = LoginAttempt.objects.filter(outcome=LoginAttempt.Outcome.FAILED, at__gt=since, at__lte=now)
    if name:
        last_success = (LoginAttempt.objects.filter(username=name, outcome=LoginAttempt.Outcome.SUCCEEDED)
                        .aggregate(last=Max("at"))["last"])
        mine = failed.filter(username=name)
        if last_success is not None:
            mine = mine.filter(at__gt=last_success)
        limit = settings.AUTOLEND_LOCKOUT_FAILURES
        times = list(mine.order_by("-at").values_list("at", flat=True)[:limit])
        until = _lock_from(times, limit, now)
        if until is not None:
            return Lock(until=until, by="username")
    if ip:
        limit = settings.AUTOLEND_LOCKOUT_IP_FAILURES
        times = list(failed.filter(ip=ip).order_by("-at").values_list("at", flat=True)[:limit])
        until = _lock_from(times, limit, now)
        if until is not None:
            return Lock(until=until, by="ip")
    return None


def client_ip(meta: dict[str, object]) -> str | None:
    """The client's address: REMOTE_ADDR (a proxy in front must pass the real one through)."""
    value = meta.get("REMOTE_ADDR")
    return value if isinstance(value, str) and value else None
