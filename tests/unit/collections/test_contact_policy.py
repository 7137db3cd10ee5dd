"""The contact policy: quiet hours 21:00–08:00 local, per-day limits, no third parties."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from autolend.collections.policy import (
    ContactRequest,
    ContactRules,
    contact_decision,
    local,
    next_allowed,
)

SH = ZoneInfo("Asia/Shanghai")


def ask(hour: int, minute: int = 0, *, sent: int = 0, channel_sent: int = 0, to_borrower: bool = True,
        channel: str = "sms", rules: ContactRules | None = None) -> str:
    moment = datetime(2024, 6, 3, hour, minute, tzinfo=SH)
    d = contact_decision(ContactRequest(channel, moment, to_borrower, sent, channel_sent), rules or ContactRules())
    return "ok" if d.allowed else d.reason


def test_quiet_hours_span_midnight() -> None:
    assert ask(7, 59) == "quiet_hours"
    assert ask(8, 0) == "ok"
    assert ask(20, 59) == "ok"
    assert ask(21, 0) == "quiet_hours"
    assert ask(0, 30) == "quiet_hours"


def test_quiet_hours_are_the_borrowers_local_time() -> None:
    utc_noon = datetime(2024, 6, 3, 14, 0, tzinfo=UTC)  # 22:00 in Shanghai
    assert local(utc_noon).hour == 22
    assert next_allowed(local(utc_noon)) == datetime(2024, 6, 4, 8, 0, tzinfo=SH)


def test_daily_and_channel_limits() -> None:
    assert ask(10, sent=2, channel_sent=1) == "ok"
    assert ask(10, sent=3, channel_sent=0) == "daily_limit"
    assert ask(10, sent=2, channel_sent=2) == "channel_limit"
    assert ask(10, sent=0, channel_sent=0, rules=ContactRules(daily_limit=0)) == "daily_limit"


def test_no_disclosure_to_third_parties() -> None:
    assert ask(10, to_borrower=False) == "third_party"
    assert ask(10, channel="fax") == "channel"
