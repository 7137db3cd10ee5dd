"""The demo book's script (演示贷款簿): which loans exist and how each borrower behaves. Pure.

A year of business dates, ``START`` … ``DEMO_DATE`` − 1, each closed by the real end of day; the
book then stands on ``DEMO_DATE`` (a fixed date: the demo never reads the clock). Every loan has a
``Profile``; ``actions_for`` turns a profile and the loan's actual due dates (known once it is
disbursed) into dated actions, which ``demo_book`` performs through the servicing services.
The script is seeded, so every run writes the same book.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

DEMO_DATE = date(2026, 11, 27)
START = DEMO_DATE - timedelta(days=365)
SEED = 20261127


class Profile(StrEnum):
    ON_TIME = "on_time"  # pays every instalment on its due date
    LATE = "late"  # pays most instalments days late (penalty interest)
    COLLECTIONS_30 = "collections_30"  # stopped paying: 31–60 days past due on the demo date
    COLLECTIONS_60 = "collections_60"  # 61–90 days past due
    COLLECTIONS_90 = "collections_90"  # over 90 days past due
    PREPAID = "prepaid"  # a partial prepayment once, on time otherwise
    PAID_OFF = "paid_off"  # settled early with a payoff quote
    MATURED = "matured"  # a short loan paid to its last instalment
    WRITTEN_OFF = "written_off"  # stopped after one instalment, written off past 180 days, a recovery
    BOUNCED = "bounced"  # one auto-debit returned by the bank and reversed, then paid late
    PENDING = "pending"  # booked; disbursement requested, waiting for a second person
    REPOSSESSED = "repossessed"  # stopped after three instalments; the car repossessed and sold at auction


COLLECTIONS_MIN_DPD = {Profile.COLLECTIONS_30: 31, Profile.COLLECTIONS_60: 61, Profile.COLLECTIONS_90: 95}

# profile, how many, disbursed (days before DEMO_DATE: from, to), products
SPECS: tuple[tuple[Profile, int, tuple[int, int], tuple[str, ...]], ...] = (
    (Profile.ON_TIME, 36, (5, 360), ("NEWCAR", "NEWCAR", "USEDCAR", "BALLOON", "VEHICLE-SECURED",
                                     "LEASE-DIRECT", "LEASEBACK", "LEASE-1PLUS3", "PLEDGE")),
    (Profile.LATE, 12, (60, 360), ("NEWCAR", "USEDCAR", "VEHICLE-SECURED", "LEASEBACK")),
    (Profile.COLLECTIONS_30, 5, (100, 360), ("NEWCAR", "USEDCAR", "VEHICLE-SECURED")),
    (Profile.COLLECTIONS_60, 4, (130, 360), ("NEWCAR", "USEDCAR", "VEHICLE-SECURED")),
    (Profile.COLLECTIONS_90, 4, (170, 360), ("NEWCAR", "USEDCAR", "LEASEBACK")),
    (Profile.PREPAID, 6, (150, 360), ("NEWCAR", "USEDCAR")),
    (Profile.PAID_OFF, 6, (120, 360), ("NEWCAR", "USEDCAR", "VEHICLE-SECURED")),
    (Profile.MATURED, 3, (200, 330), ("PLEDGE",)),
    (Profile.WRITTEN_OFF, 1, (340, 345), ("USEDCAR",)),
    (Profile.BOUNCED, 2, (150, 300), ("NEWCAR",)),
    (Profile.PENDING, 3, (1, 4), ("NEWCAR", "USEDCAR", "LEASE-DIRECT")),
    (Profile.REPOSSESSED, 1, (300, 320), ("USEDCAR",)),  # last: the loans before keep their draws
)
# The repossession of the REPOSSESSED loan (done by the collateral demo): days after its first
# missed due — ordered at 40 days past due, then agent, recovery, auction listing, sale, settlement.
REPOSSESSION_STEPS: tuple[tuple[str, int], ...] = (
    ("order", 40), ("assign", 41), ("recover", 44), ("list", 46), ("sell", 60), ("settle", 61),
)
REPOSSESSED_PAID = 3  # instalments paid before the borrower stopped
PRINCIPAL_RANGE = {  # thousands of yuan
    "NEWCAR": (80, 260), "USEDCAR": (40, 150), "BALLOON": (100, 300), "VEHICLE-SECURED": (30, 120),
    "LEASE-DIRECT": (80, 250), "LEASEBACK": (50, 180), "LEASE-1PLUS3": (80, 200), "PLEDGE": (20, 80),
}
LATE_LAGS = (0, 0, 3, 5, 8, 12, 17, 24)  # days late, picked per instalment


@dataclass(frozen=True)
class LoanPlan:
    """One demo loan. ``key`` is also the index (from 1) of its borrower in ``demo_borrowers``."""

    key: int
    profile: Profile
    product: str
    principal: Decimal  # yuan
    rate_position: float  # 0 … 1 within the product's rate range
    term_choice: int  # index into the product's terms
    booked_on: date
    disbursed_on: date | None  # None: still pending
    dealer: int  # index into the demo dealers
    channel: str  # how the borrower usually pays: manual, bank_transfer or auto_debit
    event_due: int  # the instalment after which the profile's one-off event happens

    @property
    def method(self) -> str | None:
        """The repayment method (None: the product's default)."""
        if self.product == "PLEDGE":
            return "interest-only"
        if self.product == "USEDCAR" and self.key % 4 == 0 and self.profile is Profile.ON_TIME:
            return "equal-principal"
        return None

    @property
    def balloon(self) -> Decimal | None:
        if self.product != "BALLOON":
            return None
        return (self.principal * Decimal("0.3")).quantize(Decimal("1000"))


def demo_plans() -> tuple[LoanPlan, ...]:
    """Every demo loan, keyed 1 … N (key 1: the demo borrower's own on-time new-car loan)."""
    rng = random.Random(SEED)
    drafts: list[tuple[Profile, str, int]] = [(Profile.ON_TIME, "NEWCAR", 200)]
    for profile, count, (low, high), products in SPECS:
        for index in range(count - (1 if profile is Profile.ON_TIME else 0)):
            drafts.append((profile, products[index % len(products)], rng.randint(low, high)))
    plans = []
    for key, (profile, product, age) in enumerate(drafts, start=1):
        low, high = PRINCIPAL_RANGE[product]
        day = DEMO_DATE - timedelta(days=age)
        booked = max(START, day - timedelta(days=rng.randint(0, 3)))
        plans.append(LoanPlan(
            key=key, profile=profile, product=product, principal=Decimal(rng.randint(low, high) * 1000),
            rate_position=rng.random(), term_choice=rng.randint(0, 2),
            booked_on=booked if profile is not Profile.PENDING else day,
            disbursed_on=None if profile is Profile.PENDING else day,
            dealer=rng.randint(0, 2), channel=("manual", "bank_transfer", "auto_debit")[key % 3],
            event_due=rng.randint(2, 4),
        ))
    return tuple(plans)


def late_lag(plan: LoanPlan, n: int) -> int:
    """How many days late the borrower pays instalment ``n`` (deterministic)."""
    return LATE_LAGS[(plan.key * 7 + n * 3) % len(LATE_LAGS)]


@dataclass(frozen=True)
class Action:
    """What to do for a loan on a date: ``kind`` pay | prepay | payoff | debit | returned |
    writeoff_request | writeoff_approve | recover; ``channel`` for a payment."""

    kind: str
    channel: str = "manual"


def actions_for(plan: LoanPlan, due_dates: list[date]) -> dict[date, list[Action]]:
    """The dated actions of a disbursed loan, from its instalments' due dates (in order), before
    ``DEMO_DATE``. A "pay" pays whatever is owed that day (nothing owed: nothing happens)."""
    out: dict[date, list[Action]] = {}

    def add(day: date, action: Action) -> None:
        if day < DEMO_DATE:
            out.setdefault(day, []).append(action)

    channel = plan.channel
    if plan.disbursed_on is not None:  # a fee billed at disbursement is due that day: paid at once
        add(plan.disbursed_on, Action("pay", channel))
    event = due_dates[min(plan.event_due, len(due_dates)) - 1] if due_dates else DEMO_DATE
    profile = plan.profile
    for n, due in enumerate(due_dates, start=1):
        if profile is Profile.LATE:
            add(due + timedelta(days=late_lag(plan, n)), Action("pay", channel))
        elif profile in COLLECTIONS_MIN_DPD:
            cutoff = max((d for d in due_dates if d <= DEMO_DATE - timedelta(days=COLLECTIONS_MIN_DPD[profile])),
                         default=due_dates[0])
            if due < cutoff:
                add(due, Action("pay", channel))
        elif profile is Profile.REPOSSESSED:
            if n <= REPOSSESSED_PAID:
                add(due, Action("pay", channel))
        elif profile is Profile.WRITTEN_OFF:
            if n == 1:
                add(due, Action("pay", channel))
        elif profile is Profile.BOUNCED and n == plan.event_due:
            add(due, Action("debit", "auto_debit"))
            add(due + timedelta(days=3), Action("returned", "auto_debit"))
            add(due + timedelta(days=7), Action("pay", "bank_transfer"))
        elif profile is Profile.PAID_OFF and due > event:
            break
        else:
            add(due, Action("pay", channel))
    if profile is Profile.PREPAID:
        add(event + timedelta(days=10), Action("prepay", channel))
    elif profile is Profile.PAID_OFF:
        add(event + timedelta(days=12), Action("payoff", channel))
    elif profile is Profile.WRITTEN_OFF and len(due_dates) > 1:
        request = due_dates[1] + timedelta(days=185)  # 185 days past the first missed instalment
        add(request, Action("writeoff_request"))
        add(request + timedelta(days=1), Action("writeoff_approve"))
        add(request + timedelta(days=31), Action("recover", "bank_transfer"))
    return out


def repossession_dates(due_dates: list[date]) -> dict[date, str]:
    """The REPOSSESSED loan's repossession steps by date (see ``REPOSSESSION_STEPS``)."""
    if len(due_dates) <= REPOSSESSED_PAID:
        return {}
    missed = due_dates[REPOSSESSED_PAID]
    return {missed + timedelta(days=days): step for step, days in REPOSSESSION_STEPS
            if missed + timedelta(days=days) < DEMO_DATE}
