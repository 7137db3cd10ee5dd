"""A collector's work on a case: notes, calls with outcome codes, messages, promises to pay,
payment arrangements, escalation and (re)assignment. Every contact passes the contact policy."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from autolend.collections.models import CollectionCase, ContactLog, OutcomeCode, PromiseToPay
from autolend.collections.policy import ContactRequest, contact_decision, local
from autolend.collections.selectors import strategy_in_force
from autolend.collections.services._common import CollectionsError, action_record, case_lock
from autolend.collections.strategy import escalate_from
from autolend.integrations.messaging import MESSAGE_CHANNELS, Message, sender


def note_add(case: CollectionCase | int, actor: Any, business_date: date, text: str) -> CollectionCase:
    """A free-text note on the case."""
    if not (text or "").strip():
        raise CollectionsError("text", "is required")
    with transaction.atomic():
        locked = case_lock(case)
        action_record(locked, "note", actor, business_date, text=text.strip())
        return locked


def _contact_check(case: CollectionCase, channel: str, at: datetime, to_borrower: bool) -> tuple[bool, str, date]:
    moment = local(at)
    day = moment.date()
    today = Counter(ContactLog.objects.filter(loan_id=case.loan_id, local_day=day, status="sent").values_list("channel", flat=True))
    decision = contact_decision(ContactRequest(channel, moment, to_borrower, sum(today.values()), today[channel]))
    return decision.allowed, decision.reason, day


def _log(case: CollectionCase, channel: str, at: datetime, day: date, business_date: date, actor: Any,
         status: str, reason: str, body: str = "", recipient: str = "") -> None:
    ContactLog.objects.create(loan_id=case.loan_id, case=case, channel=channel, purpose="collection", body=body[:500],
                              recipient=recipient[:120], status=status, reason=reason, local_day=day, sent_at=at,
                              business_date=business_date, actor=actor)


def call_log(case: CollectionCase | int, actor: Any, business_date: date, *, at: datetime, outcome: str,
             text: str = "", to_borrower: bool = True, channel: str = "phone") -> CollectionCase:
    """Record a call (or a field visit, ``channel="visit"``) made at ``at`` with its outcome code.
    Refused (and logged as refused) in quiet hours, over the day's limits or to a third party."""
    if outcome not in OutcomeCode.values:
        raise CollectionsError("outcome", f"must be one of {', '.join(OutcomeCode.values)}")
    with transaction.atomic():
        locked = case_lock(case)
        allowed, reason, day = _contact_check(locked, channel, at, to_borrower)
        _log(locked, channel, at, day, business_date, actor, "sent" if allowed else "refused", reason, text)
        if not allowed:
            action_record(locked, "refused", actor, business_date, text=reason, touch=False)
    if not allowed:
        raise CollectionsError("contact", f"not allowed: {reason}")
    with transaction.atomic():
        locked = case_lock(case)
        action_record(locked, "visit" if channel == "visit" else "call", actor, business_date, text=text, outcome=outcome)
        return locked


def message_send(case: CollectionCase | int, actor: Any, business_date: date, *, at: datetime, channel: str,
                 body: str, to: str) -> ContactLog:
    """A collector's message to the borrower's own address ``to`` through the messaging port."""
    if channel not in MESSAGE_CHANNELS:
        raise CollectionsError("channel", f"must be one of {', '.join(MESSAGE_CHANNELS)}")
    with transaction.atomic():
        locked = case_lock(case)
        allowed, reason, day = _contact_check(locked, channel, at, to_borrower=True)
        status = "refused"
        if allowed:
            result = sender(channel).send(Message(channel, to, body))
            status, reason = ("sent", "") if result.accepted else ("failed", result.error)
        _log(locked, channel, at, day, business_date, actor, status, reason, body, to)
        action_record(locked, "message", actor, business_date, text=f"{channel}: {status} {reason}".strip(),
                      touch=status == "sent")
        return ContactLog.objects.filter(case=locked).order_by("-pk").first()  # type: ignore[return-value]


def _amount(value: Decimal | str | int) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise CollectionsError("amount", f"not an amount: {value!r}") from None
    if amount <= 0:
        raise CollectionsError("amount", "must be positive")
    return amount


def promise_create(case: CollectionCase | int, actor: Any, business_date: date, *, amount: Decimal | str | int,
                   due_on: date, arrangement: str = "") -> PromiseToPay:
    """承诺还款: the borrower promises ``amount`` yuan by ``due_on`` (on or after the business date)."""
    value = _amount(amount)
    if due_on < business_date:
        raise CollectionsError("due_on", "must not be before the business date")
    with transaction.atomic():
        locked = case_lock(case)
        promise = PromiseToPay.objects.create(case=locked, loan_id=locked.loan_id, amount=value, promised_on=business_date,
                                              due_on=due_on, arrangement=arrangement, actor=actor)
        action_record(locked, "promise", actor, business_date, text=f"{value} by {due_on}", outcome=OutcomeCode.PROMISE)
        return promise


def arrangement_create(case: CollectionCase | int, actor: Any, business_date: date,
                       parts: list[tuple[Decimal | str | int, date]]) -> list[PromiseToPay]:
    """A payment arrangement (还款安排): several promises sharing one arrangement label."""
    if not parts:
        raise CollectionsError("parts", "at least one payment is required")
    dates = [d for _, d in parts]
    if dates != sorted(dates) or len(set(dates)) != len(dates):
        raise CollectionsError("parts", "due dates must be distinct and in order")
    label = f"A{business_date:%Y%m%d}-{case.pk if isinstance(case, CollectionCase) else case}"
    with transaction.atomic():
        return [promise_create(case, actor, business_date, amount=a, due_on=d, arrangement=label) for a, d in parts]


def case_escalate(case: CollectionCase | int, actor: Any, business_date: date, reason: str,
                  to_queue: str | None = None) -> CollectionCase:
    """Move the case up the queue ladder by hand (EOD will not move it back down)."""
    if not (reason or "").strip():
        raise CollectionsError("reason", "is required")
    with transaction.atomic():
        locked = case_lock(case)
        target = to_queue or escalate_from(locked.queue)
        locked.queue, locked.manual_queue, locked.queue_since = target, True, business_date
        locked.escalations += 1
        sla_days = strategy_in_force(business_date).sla_days
        locked.sla_due = business_date + timedelta(days=sla_days.get(target, 5))
        locked.sla_breached = False
        locked.save(update_fields=["queue", "manual_queue", "queue_since", "escalations", "sla_due", "sla_breached"])
        action_record(locked, "escalate", actor, business_date, text=f"→ {target}: {reason}", touch=False)
        return locked


def case_assign(case: CollectionCase | int, collector: Any, actor: Any, business_date: date) -> CollectionCase:
    """(Re)assign the case to ``collector`` (a user with the collector role)."""
    from autolend.identity.models import Role

    if getattr(collector, "role", None) != Role.COLLECTOR:
        raise CollectionsError("collector", "must be a collector")
    with transaction.atomic():
        locked = case_lock(case)
        locked.collector = collector
        locked.save(update_fields=["collector"])
        action_record(locked, "assign", actor, business_date, text=collector.get_username(), touch=False)
        return locked
