"""Per-day contact limits (default: 3 a day in all, 2 a channel), counted on the borrower's local
day, shared by reminders and collectors; a third-party contact is always refused."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from autolend.collections.models import CollectionCase, ContactLog
from autolend.collections.reminders import reminders_send
from autolend.collections.services import call_log, message_send
from autolend.collections.testing import collector, loan_at, person, run

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
D = date(2024, 6, 1)


def at(hour: int) -> datetime:
    return datetime(2024, 6, 2, hour, 0, tzinfo=SH)


def test_limits_per_channel_and_per_day() -> None:
    loan_at("L1", 2, borrower=person("zhang", "borrower", phone="13800138000"))
    run(D)
    case = CollectionCase.objects.get()
    li = collector("li")
    assert reminders_send(D, at(9)) == {"sent": 2}  # sms + in-app: 2 of 3 today
    message_send(case, li, D, at=at(10), channel="sms", body="please call us", to="13800138000")
    with pytest.raises(ValueError, match="daily_limit"):
        call_log(case, li, D, at=at(11), outcome="no_answer")
    assert list(ContactLog.objects.order_by("pk").values_list("channel", "status", "reason")) == [
        ("in_app", "sent", ""), ("sms", "sent", ""), ("sms", "sent", ""), ("phone", "refused", "daily_limit")]
    assert reminders_send(D, at(12)) == {}  # already sent today: nothing twice
    call_log(case, li, D, at=datetime(2024, 6, 3, 9, 0, tzinfo=SH), outcome="call_back")  # a new local day


def test_channel_limit_and_third_party() -> None:
    loan_at("L2", 40)
    run(D)
    case = CollectionCase.objects.get()
    li = collector("li")
    call_log(case, li, D, at=at(9), outcome="no_answer")
    call_log(case, li, D, at=at(10), outcome="no_answer")
    with pytest.raises(ValueError, match="channel_limit"):
        call_log(case, li, D, at=at(11), outcome="no_answer")
    with pytest.raises(ValueError, match="third_party"):
        call_log(case, li, D, at=datetime(2024, 6, 4, 9, 0, tzinfo=SH), outcome="no_answer", to_borrower=False)
