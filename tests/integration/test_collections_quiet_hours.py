"""No contact 21:00–08:00 borrower local time: reminders and calls at such a time are refused and
logged as refused; the same at 09:00 go out."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from autolend.collections.models import CollectionCase, ContactLog
from autolend.collections.reminders import reminders_send
from autolend.collections.services import call_log
from autolend.collections.testing import collector, loan_at, person, run
from autolend.integrations.messaging import SimulatedSender

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
D = date(2024, 6, 1)


def test_overdue_reminder_in_quiet_hours_is_refused_then_sent_in_the_morning() -> None:
    SimulatedSender.reset()
    loan_at("Q1", 2, borrower=person("zhang", "borrower", phone="13800138000"))  # 3 DPD on the contact day
    run(D)
    refused = reminders_send(D, datetime(2024, 6, 1, 23, 30, tzinfo=SH) - timedelta(days=0))
    assert refused == {}  # the contact day of 23:30 on 06-01 is 06-01: DPD 2 then, no reminder
    counts = reminders_send(D, datetime(2024, 6, 2, 6, 30, tzinfo=SH))
    assert counts == {"refused": 2}  # sms and in-app, both in quiet hours
    assert set(ContactLog.objects.values_list("reason", flat=True)) == {"quiet_hours"}
    assert SimulatedSender.outbox == []
    ContactLog.objects.all().delete()
    assert reminders_send(D, datetime(2024, 6, 2, 9, 0, tzinfo=SH)) == {"sent": 2}
    assert [m.to for m in SimulatedSender.outbox if m.channel == "sms"] == ["13800138000"]
    assert "逾期3天" in SimulatedSender.outbox[0].body


def test_call_at_night_is_refused_and_logged() -> None:
    loan_at("Q2", 40)
    run(D)
    case = CollectionCase.objects.get()
    with pytest.raises(ValueError, match="quiet_hours"):
        call_log(case, collector("li"), D, at=datetime(2024, 6, 1, 21, 5, tzinfo=SH), outcome="no_answer")
    log = ContactLog.objects.get()
    assert (log.status, log.reason, log.channel) == ("refused", "quiet_hours", "phone")
    case.refresh_from_db()
    assert case.last_action_on is None  # a refused call is no work for the SLA
    call_log(case, collector("li"), D, at=datetime(2024, 6, 1, 10, 0, tzinfo=SH), outcome="promise")
    case.refresh_from_db()
    assert case.last_action_on == D
