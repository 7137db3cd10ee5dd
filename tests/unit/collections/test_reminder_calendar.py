"""Which reminder a due gets, and the templates in both languages."""

from __future__ import annotations

from autolend.collections.templates_text import ReminderCalendar, reminder_template, render


def test_default_calendar() -> None:
    assert [reminder_template(d) for d in (4, 3, 2, 1, 0, -1, -2, -3, -30)] == [
        None, "before_due", None, "before_due", "due_today", "overdue", None, "overdue", "overdue"]
    assert reminder_template(2, ReminderCalendar(before=(2,))) == "before_due"


def test_templates_in_both_languages() -> None:
    zh = render("before_due", "zh-hans", name="张三", loan="AL1", amount="8884.88", due="2024-02-15", dpd=0)
    en = render("overdue", "en", name="Zhang", loan="AL1", amount="10.00", due="x", dpd=3)
    assert "8884.88元" in zh and "2024-02-15" in zh
    assert "3 days past due" in en
