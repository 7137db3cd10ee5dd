"""Reminders (还款提醒): before due, on the due day and after, through the messaging port.

One pass per business date, after collections EOD: gathers the dues and overdue loans with a
reminder on the contact day (the local date of ``send_at``), asks the contact policy for every
message (quiet hours, per-day limits, the borrower's own channels only), sends the allowed ones
through ``integrations.messaging`` and logs every message, sent or refused, in ``ContactLog``
(one per loan, template, channel and day: a repeat run sends nothing twice).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import DecimalField, ExpressionWrapper, F, Sum

from autolend.collections.models import CaseStatus, CollectionCase, ContactLog
from autolend.collections.policy import ContactRequest, contact_decision, local
from autolend.collections.templates_text import CALENDAR, reminder_template, render
from autolend.integrations.messaging import Message, sender
from autolend.servicing.models import Installment, Loan, LoanStatus

OWED = ExpressionWrapper(
    F("principal") - F("principal_paid") + F("interest") - F("interest_paid") - F("interest_waived")
    + F("fee") - F("fee_paid") - F("fee_waived") + F("penalty") - F("penalty_paid"),
    output_field=DecimalField(max_digits=20, decimal_places=2))


def _yuan(amount: Decimal) -> Decimal:
    return Decimal(amount).quantize(Decimal("0.01"))


def _due_reminders(contact_day: date) -> dict[int, tuple[str, date, Decimal, int]]:
    """loan id → (template, due date, amount, dpd) for dues falling due on a reminder day."""
    days = [contact_day + timedelta(days=n) for n in (*CALENDAR.before, 0)]
    rows = (Installment.objects.filter(is_current=True, due_date__in=days, settled_on__isnull=True,
                                       loan__status=LoanStatus.ACTIVE, loan__days_past_due=0,
                                       loan__borrower__isnull=False)  # nobody to remind otherwise
            .values("loan_id", "due_date").annotate(owed=Sum(OWED)))
    out: dict[int, tuple[str, date, Decimal, int]] = {}
    for row in rows:
        template = reminder_template((row["due_date"] - contact_day).days)
        if template and row["owed"] > 0:
            out[row["loan_id"]] = (template, row["due_date"], _yuan(row["owed"]), 0)
    return out


def _overdue_reminders(business_date: date, contact_day: date) -> dict[int, tuple[str, date, Decimal, int]]:
    shift = (contact_day - business_date).days
    dpds = [n - shift for n in CALENDAR.after if n - shift > 0]
    loans = dict(Loan.objects.filter(status=LoanStatus.ACTIVE, days_past_due__in=dpds, borrower__isnull=False)
                 .values_list("pk", "days_past_due"))
    if not loans:
        return {}
    owed = (Installment.objects.filter(loan_id__in=list(loans), is_current=True, due_date__lte=business_date)
            .values("loan_id").annotate(owed=Sum(OWED)))
    return {r["loan_id"]: ("overdue", contact_day, _yuan(r["owed"]), loans[r["loan_id"]] + shift) for r in owed if r["owed"] > 0}


def _addresses(loan_ids: list[int]) -> dict[int, dict[str, str]]:
    """loan id → {channel: address} from the borrower's own records only (no third parties)."""
    from autolend.parties.models import Borrower

    users = dict(Loan.objects.filter(pk__in=loan_ids, borrower__isnull=False).values_list("pk", "borrower_id"))
    mobiles = dict(Borrower.objects.filter(user_id__in=set(users.values())).values_list("user_id", "mobile"))
    from autolend.identity.models import User

    people = {u: (p, e) for u, p, e in User.objects.filter(pk__in=set(users.values())).values_list("pk", "phone", "email")}
    out: dict[int, dict[str, str]] = {}
    for loan_id, user_id in users.items():
        phone, email = people.get(user_id, ("", ""))
        channels = {"in_app": str(user_id)}
        if mobiles.get(user_id) or phone:
            channels["sms"] = mobiles.get(user_id) or phone
        if email:
            channels["email"] = email
        out[loan_id] = channels
    return out


def reminders_send(business_date: date, send_at: datetime, language: str = "zh-hans") -> dict[str, int]:
    """Send the reminders due on the local day of ``send_at``; returns counts by status."""
    at = local(send_at)
    contact_day = at.date()
    wanted = {**_due_reminders(contact_day), **_overdue_reminders(business_date, contact_day)}
    if not wanted:
        return {}
    addresses = _addresses(list(wanted))
    numbers = dict(Loan.objects.filter(pk__in=list(addresses)).values_list("pk", "number"))
    names = dict(Loan.objects.filter(pk__in=list(addresses)).values_list("pk", "borrower_name"))
    cases = dict(CollectionCase.objects.filter(loan_id__in=list(addresses), status=CaseStatus.OPEN).values_list("loan_id", "pk"))
    sent_today: Counter[int] = Counter()
    per_channel: Counter[tuple[int, str]] = Counter()
    for loan_id, channel in ContactLog.objects.filter(local_day=contact_day, status="sent").values_list("loan_id", "channel"):
        sent_today[loan_id] += 1
        per_channel[(loan_id, channel)] += 1
    done_keys = set(ContactLog.objects.filter(local_day=contact_day, key__isnull=False).values_list("key", flat=True))
    logs: list[ContactLog] = []
    counts: dict[str, int] = defaultdict(int)
    for loan_id, channels in addresses.items():
        template, due, amount, dpd = wanted[loan_id]
        for channel, address in sorted(channels.items()):
            key = f"rem:{loan_id}:{template}:{channel}:{contact_day.isoformat()}"
            if key in done_keys:
                continue
            decision = contact_decision(ContactRequest(channel, at, True, sent_today[loan_id], per_channel[(loan_id, channel)]))
            body = render(template, language, name=names[loan_id], loan=numbers[loan_id], amount=amount, due=due, dpd=dpd)
            status, reason = "refused", decision.reason
            if decision.allowed:
                result = sender(channel).send(Message(channel, address, body))
                status, reason = ("sent", "") if result.accepted else ("failed", result.error)
                if result.accepted:
                    sent_today[loan_id] += 1
                    per_channel[(loan_id, channel)] += 1
            counts[status] += 1
            logs.append(ContactLog(
                loan_id=loan_id, case_id=cases.get(loan_id), channel=channel, purpose="reminder", template=template,
                language=language, recipient=address[:120], body=body[:500], status=status, reason=reason,
                local_day=contact_day, sent_at=send_at, business_date=business_date, key=key))
    with transaction.atomic():
        ContactLog.objects.bulk_create(logs, batch_size=5000, ignore_conflicts=True)
    return dict(counts)
