"""Seeding the demo book: a year of history driven through the real services and end of day.

For each business date from ``demo_plan.START`` to the day before ``DEMO_DATE``: book, disburse
(maker "operations", checker "finance") and pay as the script says, then run EOD for the date,
which closes it. Everything is idempotent: a booked loan is found by its borrower's name (the
demo borrowers' names are distinct), payments carry idempotency keys, and EOD skips closed dates;
so an interrupted seed resumes from the business date where it stopped, and a finished one
changes nothing. The book is only written into a servicing book that is empty or is the demo's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Protocol

from django.db.models import Sum

from autolend.identity.models import User
from autolend.integrations.payments import SimulatedGateway
from autolend.kernel.money import ZERO
from autolend.servicing.demo_plan import (
    DEMO_DATE,
    START,
    Action,
    LoanPlan,
    Profile,
    actions_for,
    demo_plans,
)
from autolend.servicing.eod import eod_run
from autolend.servicing.models import (
    ApprovalKind,
    ApprovalRequest,
    ApprovalStatus,
    DueKind,
    Installment,
    Loan,
    LoanStatus,
    LoanTransaction,
)
from autolend.servicing.queries import OWED
from autolend.servicing.selectors import business_date_current, payoff_quote_for
from autolend.servicing.services import (
    disbursement_approve,
    disbursement_request,
    loan_book,
    payoff_post,
    prepayment_post,
    recovery_post,
    repayment_from_gateway,
    repayment_post,
    writeoff_approve,
    writeoff_request,
)
from autolend.servicing.terms import LoanSetup

Progress = Callable[[str], None]
THOUSAND = Decimal("1000")


class DemoHook(Protocol):
    """What another app adds to the demo each business date (e.g. collateral: the cars, their
    mortgages, trackers and one repossession), after the day's loan actions and before its EOD.
    Servicing does not import those apps: the command passes their hooks in."""

    def day(self, day: date, book: DemoBook) -> None: ...

    def summary(self) -> str: ...


@dataclass(frozen=True)
class BookReport:
    """``status``: seeded (written now), present (already there) or skipped (``message`` says why)."""

    status: str
    loans: int
    business_date: date | None
    message: str = ""


class DemoBook:
    """The people, dealers and loans the script acts on, and the actions still to come by date."""

    def __init__(self, plans: tuple[LoanPlan, ...]) -> None:
        from autolend.identity.services import demo_users_seed
        from autolend.parties.demo import borrowers_seed_demo, dealers_seed_demo
        from autolend.products.demo import products_seed_demo

        demo_users_seed()
        self.staff = {u.username: u for u in User.objects.filter(
            username__in=["operations", "finance", "collector", "risk_manager", "borrower"])}
        products_seed_demo()
        self.dealers = [dealer for dealer, _ in dealers_seed_demo(self.staff["operations"])]
        people = borrowers_seed_demo(len(plans), START, first_user=self.staff["borrower"],
                                     actor=self.staff["operations"])
        self.plans = plans
        self.names = {plan.key: people[plan.key - 1][0].name for plan in plans}
        self.loans: dict[int, Loan] = {}
        self.agenda: dict[date, list[tuple[LoanPlan, Action]]] = {}

    def existing(self, plans: tuple[LoanPlan, ...]) -> None:
        """Find the loans already booked (a resumed seed) and queue their actions."""
        by_name = {loan.borrower_name: loan for loan in Loan.objects.filter(borrower_name__in=self.names.values())}
        for plan in plans:
            loan = by_name.get(self.names[plan.key])
            if loan is not None:
                self.loans[plan.key] = loan
                if loan.disbursed_on is not None:
                    self.schedule(plan, loan)

    def schedule(self, plan: LoanPlan, loan: Loan) -> None:
        dues = list(Installment.objects.filter(loan=loan, kind=DueKind.INSTALLMENT, version=1)
                    .order_by("due_date").values_list("due_date", flat=True))
        for day, actions in actions_for(plan, dues).items():
            self.agenda.setdefault(day, []).extend((plan, action) for action in actions)

    # -- the day's work ---------------------------------------------------------------------------

    def book(self, plan: LoanPlan, day: date) -> None:
        from autolend.products.kernel_settings import loan_setup_json
        from autolend.products.selectors import product_version_effective

        if plan.key in self.loans:
            return
        version = product_version_effective(plan.product, day)
        assert version is not None, f"demo product {plan.product} has no version on {day}"
        low, high = Decimal(version.rate_min), Decimal(version.rate_max)
        rate = (low + (high - low) * Decimal(str(round(plan.rate_position, 4)))).quantize(Decimal("0.01"))
        terms = list(version.terms_months)
        months = 6 if plan.profile is Profile.MATURED else terms[plan.term_choice % len(terms)]
        setup = LoanSetup.from_json(loan_setup_json(version, principal=plan.principal, annual_rate=rate,
                                                    installments=months, method=plan.method, balloon=plan.balloon))
        dealer = self.dealers[plan.dealer]
        self.loans[plan.key] = loan_book(
            setup, borrower_name=self.names[plan.key], borrower=self.staff["borrower"] if plan.key == 1 else None,
            dealer_name=dealer.name, payee_account=dealer.bank_account_number, business_date=day,
            actor=self.staff["operations"])
        if plan.profile is Profile.PENDING:
            disbursement_request(self.loans[plan.key], self.staff["operations"], day)

    def disburse(self, plan: LoanPlan, day: date) -> None:
        loan = self.loans[plan.key]
        loan.refresh_from_db()
        if loan.status != LoanStatus.PENDING_DISBURSEMENT:
            return
        request = ApprovalRequest.objects.filter(loan=loan, kind=ApprovalKind.DISBURSEMENT,
                                                 status=ApprovalStatus.PENDING).first()
        if request is None:
            request = disbursement_request(loan, self.staff["operations"], day)
        self.loans[plan.key] = disbursement_approve(request, self.staff["finance"], day)
        self.schedule(plan, self.loans[plan.key])

    def act(self, plan: LoanPlan, action: Action, day: date) -> None:
        loan = self.loans[plan.key]
        key = f"demo:{plan.key}:{action.kind}:{day.isoformat()}"
        if LoanTransaction.objects.filter(idempotency_key=key).exists():
            return
        loan.refresh_from_db()
        ops = self.staff["operations"]
        if action.kind in ("pay", "debit"):
            owed = owed_by(loan, day)
            if loan.status == LoanStatus.ACTIVE and owed > 0:
                self.pay(loan, owed, day, key, action.channel)
        elif action.kind == "returned":
            debit = LoanTransaction.objects.filter(loan=loan, idempotency_key__startswith=f"demo:{plan.key}:debit:",
                                                   reversed_by__isnull=True).first()
            if debit is not None:
                repayment_from_gateway(SimulatedGateway.event(
                    key, loan.number, debit.amount, day, kind="payment.returned", channel="auto_debit",
                    original_event_id=debit.idempotency_key or ""), business_date=day)
        elif action.kind == "prepay" and loan.status == LoanStatus.ACTIVE:
            amount = (loan.principal_outstanding / 4).quantize(THOUSAND) + owed_by(loan, day)
            prepayment_post(loan.number, amount, day, key, channel="manual", actor=ops)
        elif action.kind == "payoff" and loan.status == LoanStatus.ACTIVE:
            payoff_post(loan.number, payoff_quote_for(loan, day).total, day, key, channel="bank_transfer", actor=ops)
        elif action.kind == "writeoff_request" and loan.status == LoanStatus.ACTIVE:
            if not ApprovalRequest.objects.filter(loan=loan, kind=ApprovalKind.WRITE_OFF).exists():
                writeoff_request(loan, self.staff["collector"], day, "逾期超过180天，催收无果 (over 180 days past due)")
        elif action.kind == "writeoff_approve" and loan.status == LoanStatus.ACTIVE:
            request = ApprovalRequest.objects.filter(loan=loan, kind=ApprovalKind.WRITE_OFF,
                                                     status=ApprovalStatus.PENDING).first()
            if request is not None:
                writeoff_approve(request, self.staff["risk_manager"], day)
        elif action.kind == "recover" and loan.status == LoanStatus.WRITTEN_OFF:
            amount = (loan.principal * Decimal("0.2")).quantize(Decimal("100"))
            recovery_post(loan.number, amount, day, key, channel="bank_transfer", actor=self.staff["finance"])

    def pay(self, loan: Loan, amount: Decimal, day: date, key: str, channel: str) -> None:
        if channel == "manual":
            repayment_post(loan.number, amount, day, key, channel="manual", actor=self.staff["operations"])
            return
        event = SimulatedGateway.event(key, loan.number, amount, day, channel=channel)
        repayment_from_gateway(event, business_date=day)


def owed_by(loan: Loan, day: date) -> Decimal:
    """Everything owed on the loan's current dues that fell due by ``day`` (yuan)."""
    total = (Installment.objects.filter(loan=loan, is_current=True, due_date__lte=day)
             .aggregate(owed=Sum(OWED))["owed"])
    return Decimal(total or ZERO).quantize(Decimal("0.01"))


def demo_book_seed(progress: Progress | None = None, *, until: date = DEMO_DATE,
                   hooks: Sequence[DemoHook] = ()) -> BookReport:
    """Write the demo book up to the business date ``until`` (default ``DEMO_DATE``); ``hooks``
    act on each date before its EOD (which runs every registered day step: collateral's checks,
    collections' cases and reminders)."""
    say = progress or (lambda message: None)
    plans = demo_plans()
    book = DemoBook(plans)
    current = business_date_current()
    demo = Loan.objects.filter(borrower_name__in=book.names.values())
    if Loan.objects.exclude(borrower_name__in=book.names.values()).exists():
        return BookReport("skipped", demo.count(), current, "the servicing book has loans that are not the demo's")
    if current is not None and current >= until:
        return BookReport("present" if demo.exists() else "skipped", demo.count(), current,
                          "" if demo.exists() else f"the business date is already {current}")
    if current is not None and (current < START or not demo.exists()):
        return BookReport("skipped", demo.count(), current, f"end of day already ran here (business date {current})")
    start = current or START
    book.existing(plans)
    bookings = _by_date(plans, lambda plan: plan.booked_on)
    disbursements = _by_date(plans, lambda plan: plan.disbursed_on)
    total = (until - start).days
    say(f"Demo book: {len(plans)} loans, business dates {start} to {until - timedelta(days=1)} "
        f"({total} end-of-day runs)")
    day = start
    while day < until:
        for plan in bookings.get(day, []):
            book.book(plan, day)
        for plan in disbursements.get(day, []):
            book.disburse(plan, day)
        for plan, action in book.agenda.pop(day, []):
            book.act(plan, action, day)
        for hook in hooks:
            hook.day(day, book)
        eod_run(day, partitions=1)
        done = (day - start).days + 1
        if done % 30 == 0 or day + timedelta(days=1) == until:
            active = Loan.objects.filter(status=LoanStatus.ACTIVE).count()
            extra = "".join(f"; {hook.summary()}" for hook in hooks)
            say(f"  [{done:>3}/{total}] {day}  {len(book.loans)} loans booked, {active} active{extra}")
        day += timedelta(days=1)
    return BookReport("seeded", demo.count(), business_date_current())


def _by_date(plans: tuple[LoanPlan, ...], when: Callable[[LoanPlan], date | None]) -> dict[date, list[LoanPlan]]:
    out: dict[date, list[LoanPlan]] = {}
    for plan in plans:
        day = when(plan)
        if day is not None:
            out.setdefault(day, []).append(plan)
    return out


__all__ = ["BookReport", "DemoBook", "DemoHook", "demo_book_seed", "owed_by"]
