"""Message templates (提醒模板) in zh-Hans and English, and the reminder calendar, as data.

``reminder_template`` is pure: which template applies to a due ``days_to_due`` days away (negative
= overdue). Offsets are configurable defaults: D-3, D-1, the due day, and 1, 3, 7, 15, 30 days after.
"""

from __future__ import annotations

from dataclasses import dataclass

TEMPLATES: dict[str, dict[str, str]] = {
    "before_due": {
        "en": "Dear {name}, instalment {amount} yuan of loan {loan} is due on {due}. Please keep your account funded.",
        "zh-hans": "尊敬的{name}，您的贷款{loan}本期应还{amount}元，到期日{due}，请按时还款。",
    },
    "due_today": {
        "en": "Dear {name}, instalment {amount} yuan of loan {loan} is due today ({due}).",
        "zh-hans": "尊敬的{name}，您的贷款{loan}今日（{due}）应还{amount}元，请及时还款。",
    },
    "overdue": {
        "en": "Dear {name}, loan {loan} is {dpd} days past due ({amount} yuan). Please pay or contact us.",
        "zh-hans": "尊敬的{name}，您的贷款{loan}已逾期{dpd}天（{amount}元），请尽快还款或联系我们。",
    },
}
LANGUAGES = ("zh-hans", "en")


@dataclass(frozen=True)
class ReminderCalendar:
    before: tuple[int, ...] = (3, 1)  # days before the due date
    on_due_day: bool = True
    after: tuple[int, ...] = (1, 3, 7, 15, 30)  # days past due


CALENDAR = ReminderCalendar()


def reminder_template(days_to_due: int, calendar: ReminderCalendar = CALENDAR) -> str | None:
    """"before_due", "due_today", "overdue" or None (no reminder that day)."""
    if days_to_due > 0:
        return "before_due" if days_to_due in calendar.before else None
    if days_to_due == 0:
        return "due_today" if calendar.on_due_day else None
    return "overdue" if -days_to_due in calendar.after else None


def render(template: str, language: str, **values: object) -> str:
    """The message text; unknown languages fall back to zh-hans."""
    texts = TEMPLATES[template]
    return texts.get(language.lower(), texts["zh-hans"]).format(**values)
