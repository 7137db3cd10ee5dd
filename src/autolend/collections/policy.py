"""The contact policy (催收联系规则), in ONE place: quiet hours, per-day limits, no third parties.

Pure: no Django, no clock. The caller passes the send time already converted to the borrower's
local time. Every outbound message and every logged call goes through ``contact_decision``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

CHANNELS = ("sms", "email", "in_app", "phone", "visit")
DEFAULT_TZ = "Asia/Shanghai"


@dataclass(frozen=True)
class ContactRules:
    """Defaults are conventions (configurable): no contact 21:00–08:00 local time, at most
    ``daily_limit`` contacts of any kind a day and ``channel_limits`` per channel."""

    quiet_start: time = time(21, 0)
    quiet_end: time = time(8, 0)
    daily_limit: int = 3
    channel_limits: dict[str, int] = field(default_factory=lambda: {"sms": 2, "email": 2, "in_app": 2, "phone": 2, "visit": 1})


@dataclass(frozen=True)
class ContactRequest:
    """One intended contact: ``local_time`` is the send time in the borrower's time zone;
    ``to_borrower`` is False when the recipient is anyone but the borrower (refused: no
    disclosure to third parties); ``sent_today`` / ``sent_today_channel`` count contacts already
    made on that local day."""

    channel: str
    local_time: datetime
    to_borrower: bool
    sent_today: int
    sent_today_channel: int


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""  # quiet_hours | daily_limit | channel_limit | third_party | channel


def in_quiet_hours(moment: time, rules: ContactRules = ContactRules()) -> bool:
    """True inside [quiet_start, quiet_end) (the window may span midnight)."""
    if rules.quiet_start <= rules.quiet_end:
        return rules.quiet_start <= moment < rules.quiet_end
    return moment >= rules.quiet_start or moment < rules.quiet_end


def contact_decision(request: ContactRequest, rules: ContactRules = ContactRules()) -> Decision:
    """May this contact be made now? The first rule that refuses gives the reason."""
    if request.channel not in CHANNELS:
        return Decision(False, "channel")
    if not request.to_borrower:
        return Decision(False, "third_party")
    if in_quiet_hours(request.local_time.time().replace(tzinfo=None), rules):
        return Decision(False, "quiet_hours")
    if request.sent_today >= rules.daily_limit:
        return Decision(False, "daily_limit")
    if request.sent_today_channel >= rules.channel_limits.get(request.channel, rules.daily_limit):
        return Decision(False, "channel_limit")
    return Decision(True)


def local(moment: datetime, tz: str = DEFAULT_TZ) -> datetime:
    """``moment`` (aware) in the borrower's zone."""
    if moment.tzinfo is None:
        raise ValueError("send times must be timezone-aware")
    return moment.astimezone(ZoneInfo(tz))


def next_allowed(moment: datetime, rules: ContactRules = ContactRules()) -> datetime:
    """The first moment at or after ``moment`` (local, aware) outside the quiet hours."""
    if not in_quiet_hours(moment.time().replace(tzinfo=None), rules):
        return moment
    day = moment.date() if moment.time().replace(tzinfo=None) < rules.quiet_end else moment.date() + timedelta(days=1)
    return datetime.combine(day, rules.quiet_end, tzinfo=moment.tzinfo)
