"""Demo applications (演示申请): a few hundred, in every state, through the real services.

``applications_seed_demo(as_of)`` submits ``DEMO_APPLICATIONS`` applications over the
``SPREAD_DAYS`` business days before ``as_of`` (older ones for those that expire), across the
three demo dealers and the three channels (dealer portal, borrower web, partner API), so each
has its applicant (KYC, consent, identity check), decision record, offers, stipulations and
audit trail; then some applicants accept an offer (contract rendered and sent for signature),
some sign (stipulations waived by operations, the loan booked pending disbursement, the car
registered as collateral), some withdraw, some are left as drafts or submitted without a
decision, and the offers older than their validity expire (``applications_expire``). Outcomes
are steered through the simulated bureau (sequence 96x: a poor file → declines; 95x: no answer
→ referrals) and otherwise left to the engine. ``contract_signed`` is never a resting state:
signing books the loan in the same transaction (the audit trail shows both moves).

Idempotent: each application is keyed by its device id ``demo-app-NNN``; a second run writes
nothing new. The applicants who sign are the demo loan book's borrowers (``parties.demo``), so
their loans belong to the demo book: run this after ``servicing.demo_book.demo_book_seed``
(``autolend seed-demo`` does).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

DEMO_APPLICATIONS = 300
SPREAD_DAYS = 25  # decided applications stay open (offers last 30 days; drafts expire after 30)
SEED = 20261128
REGIONS = ("320506", "350203", "500103", "430104", "210102", "130102", "340104", "450103")  # not the book's
CARS = (("大众", "朗逸", "LSV", "AU218", 125_000), ("比亚迪", "秦PLUS", "LGX", "CB4H1", 139_800),
        ("丰田", "凯美瑞", "LVG", "BK5F3", 199_800), ("吉利", "星越L", "L6T", "7822Z", 155_700),
        ("特斯拉", "Model 3", "LRW", "3E7EB", 235_500), ("本田", "雅阁", "LHG", "CV165", 179_900))
# what happens after intake, by share of the applications (the rest: decided, left as decided)
PLAN = (("draft", 15), ("submitted", 15), ("poor_file", 25), ("no_bureau", 20), ("accept", 30),
        ("book", 14), ("withdraw", 25), ("expire", 30))

Progress = Callable[[str], None]


@dataclass(frozen=True)
class DemoApplication:
    n: int
    intent: str  # a PLAN key or "decide"
    channel: str
    dealer_index: int | None
    applied_on: date
    applicant: dict[str, Any]
    fields: dict[str, Any]

    @property
    def device_id(self) -> str:
        return f"demo-app-{self.n:03d}"


def demo_applications(as_of: date, signers: list[Any], count: int = DEMO_APPLICATIONS) -> list[DemoApplication]:
    """The demo's ``count`` applications (the same list on every run; ``PLAN``'s shares scaled to
    ``count``); ``signers``: the people (``name``, ``resident_id``, ``mobile``,
    ``monthly_income``) whose applications are signed."""
    from autolend.parties.demo import resident_id

    rng = random.Random(SEED)
    intents = [intent for intent, share in PLAN for _ in range(max(1, round(share * count / DEMO_APPLICATIONS)))]
    intents += ["decide"] * (count - len(intents))
    rng.shuffle(intents)
    out, signer = [], iter(signers)
    for n, intent in enumerate(intents):
        channel = ("dealer_portal", "dealer_portal", "borrower_web", "partner_api")[n % 4]
        dealer = None if channel == "borrower_web" else n % 3
        days_back = rng.randint(40, 55) if intent == "expire" else rng.randint(0, SPREAD_DAYS)
        applied = as_of - timedelta(days=0 if intent == "book" else days_back)
        make, model, wmi, vds, price = rng.choice(CARS)
        price = Decimal(price)
        down = (price * Decimal(rng.choice(("0.2", "0.3", "0.4")))).quantize(Decimal(1000))
        person = next(signer, None) if intent == "book" else None
        if person is not None:
            channel, dealer = "dealer_portal", n % 3
            applicant = {"name": person.name, "resident_id": person.resident_id, "mobile": person.mobile,
                         "monthly_income": str(max(person.monthly_income, Decimal(25_000))), "employment_years": 6}
        else:
            intent = "accept" if intent == "book" else intent
            sequence = {"poor_file": rng.randint(960, 969), "no_bureau": rng.randint(950, 959)}.get(
                intent, rng.randint(100, 899))
            birth = as_of - timedelta(days=rng.randint(24 * 365, 55 * 365))
            applicant = {"name": rng.choice("王李张刘陈杨黄赵吴周徐孙") + rng.choice(("伟", "芳", "娜", "敏", "静", "强", "磊", "洋")),
                         "resident_id": resident_id(rng.choice(REGIONS), birth, sequence),
                         "mobile": f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
                         "monthly_income": str(rng.randrange(9_000, 40_000, 500)),
                         "employment_years": rng.randint(0, 15)}
        from autolend.vehicles.vin import make_vin

        fields = {"vin": make_vin(wmi, vds, 2025, "S", f"{700000 + n:06d}"), "vehicle_make": make,
                  "vehicle_model": model, "vehicle_year": 2025, "vehicle_condition": "new",
                  "new_energy": model in ("秦PLUS", "Model 3"), "vehicle_price": str(price),
                  "down_payment": str(down), "amount": str(price - down),
                  "term_months": rng.choice((24, 36, 36, 48, 60))}
        out.append(DemoApplication(n, intent, channel, dealer, applied, applicant, fields))
    return out


def applications_seed_demo(as_of: date, progress: Progress | None = None, *,
                           count: int = DEMO_APPLICATIONS) -> dict[str, int]:
    """Seed the demo applications (see the module docstring) on the business date ``as_of``;
    ``progress`` gets one line now and then. Returns the count of demo applications by status."""
    from autolend.decisioning.model_store import decision_model_ensure
    from autolend.origination.models import Application
    from autolend.origination.services import applications_expire

    say = progress or (lambda _message: None)
    started = time.monotonic()
    decision_model_ensure(say)  # trained once, cached under var/models
    context = _Context.load(as_of)
    plans = demo_applications(as_of, context.signers, count)
    done = set(Application.objects.filter(device_id__startswith="demo-app-").values_list("device_id", flat=True))
    todo = [p for p in plans if p.device_id not in done]
    say(f"Demo applications: {len(plans)} planned, {len(todo)} to submit")
    for count, plan in enumerate(sorted(todo, key=lambda p: (p.applied_on, p.n)), start=1):
        stopped = _apply(plan, context, as_of)
        if stopped:
            say(f"  {stopped}")
        if count % 50 == 0 or count == len(todo):
            say(f"  [{count:>3}/{len(todo)}] applications submitted ({time.monotonic() - started:.0f} s)")
    expired = applications_expire(as_of)
    counts = _counts()
    say(f"Demo applications: {sum(counts.values())} in {time.monotonic() - started:.1f} s "
        f"({len(expired)} expired now): " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return counts


@dataclass
class _Context:
    dealers: list[Any]
    partner: Any
    operations: Any
    signers: list[Any]

    @classmethod
    def load(cls, as_of: date) -> _Context:
        from django.contrib.auth import get_user_model

        from autolend.origination.models import PartnerToken
        from autolend.origination.services import partner_token_issue
        from autolend.parties.demo import dealers_seed_demo, demo_borrowers
        from autolend.products.demo import products_seed_demo
        from autolend.servicing.demo_plan import START, demo_plans

        products_seed_demo()
        dealers = [dealer for dealer, _created in dealers_seed_demo()]
        partner = PartnerToken.objects.filter(name="Demo partner", revoked_at__isnull=True).first() \
            or partner_token_issue("Demo partner", dealer=dealers[0])[0]
        operations = get_user_model().objects.filter(username="operations").first()
        book = list(demo_borrowers(len(demo_plans()), START))
        return cls(dealers, partner, operations, book[-20:])  # the book's last borrowers sign


def _apply(plan: DemoApplication, context: _Context, as_of: date) -> str:
    """Submit ``plan`` and take it to its intended state; "" or why it stopped short."""
    from django.db import transaction

    from autolend.origination.errors import OriginationError
    from autolend.origination.models import ApplicationStatus as S
    from autolend.origination.services import (
        application_intake,
        application_withdraw,
        contract_sign,
        offer_accept,
        stipulation_waive,
    )
    from autolend.origination.services.applications import application_mark_submitted

    dealer = context.dealers[plan.dealer_index] if plan.dealer_index is not None else None
    partner = context.partner if plan.channel == "partner_api" else None
    try:
        app = application_intake(
            applicant=plan.applicant, consent={"text": "本人授权查询征信报告。", "text_version": "2025.1"},
            product_code="NEWCAR", fields={**plan.fields, "device_id": plan.device_id}, channel=plan.channel,
            dealer=dealer if partner is None else partner.dealer, partner_token=partner,
            external_reference=plan.device_id if partner else "", as_of=plan.applied_on,
            submit=plan.intent != "draft" and plan.intent != "submitted",
        )
        if plan.intent == "submitted":
            with transaction.atomic():
                application_mark_submitted(app, actor=None, as_of=plan.applied_on)
            return ""
        if plan.intent == "withdraw" and app.status in (S.APPROVED, S.REFERRED):
            application_withdraw(app, reason="客户改变主意 / changed their mind", as_of=plan.applied_on)
        elif plan.intent in ("accept", "book") and app.status == S.APPROVED:
            offer_accept(app, app.offers.order_by("rank").first(), as_of=as_of if plan.intent == "book" else
                         plan.applied_on)
            if plan.intent == "book":
                for stipulation in app.stipulations.all():
                    stipulation_waive(stipulation, actor=context.operations, reason="经销商处已核验 / checked at the dealer")
                contract_sign(app, code="123456", as_of=as_of)
    except OriginationError as exc:  # a step the rules refuse: the application stays where it stopped
        return f"demo application {plan.n} ({plan.intent}) stopped: {exc}"
    return ""


def _counts() -> dict[str, int]:
    from django.db.models import Count

    from autolend.origination.models import Application

    rows = Application.objects.filter(device_id__startswith="demo-app-").values_list("status").annotate(n=Count("id"))
    return {status: n for status, n in rows}
