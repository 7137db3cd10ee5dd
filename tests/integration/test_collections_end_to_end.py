"""Ten loans through twelve simulated months with the real end of day (``eod_run``, whose day
steps run collateral's checks, collections EOD and the reminders), every day: 3 pay on time,
3 pay 20 days late, 2 never pay, 2 miss two instalments and are restructured for hardship. Cases open, escalate, cure and write off as the rules say; the books
reconcile at the end.

All loans: 100,000.00 at 12% over 12 months, disbursed 2024-01-15 (dues on the 15th).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db.models import Sum

from autolend.collections.metrics import metrics_report
from autolend.collections.models import (
    Agency,
    AgencyCommission,
    CollectionCase,
    ContactLog,
    PromiseToPay,
)
from autolend.collections.reminders import OWED
from autolend.collections.services import (
    agency_place,
    hardship_approve,
    hardship_propose,
    promise_create,
    recovery_record,
    writeoff_approve,
    writeoff_propose,
)
from autolend.collections.testing import collector, person
from autolend.servicing.eod import eod_run
from autolend.servicing.models import BusinessDay, Installment, Loan
from autolend.servicing.services import repayment_post
from autolend.servicing.testing import assert_books_clean, disbursed_loan, fresh_books

pytestmark = pytest.mark.django_db
START, END = date(2024, 1, 15), date(2025, 1, 10)


def _owed(loan: Loan, day: date) -> Decimal:
    total = Installment.objects.filter(loan=loan, is_current=True, due_date__lte=day).aggregate(s=Sum(OWED))["s"]
    return (total or Decimal(0)) - loan.credit_balance


def _pay(loan: Loan, day: date) -> None:
    loan.refresh_from_db()
    amount = _owed(loan, day)
    if amount > 0:
        repayment_post(loan.number, amount, day, f"{loan.number}-{day}")


def _due_dates(loan: Loan) -> set[date]:
    """The loan's current instalment due dates (read once, and again after a restructure)."""
    return set(Installment.objects.filter(loan=loan, is_current=True, kind="installment")
               .values_list("due_date", flat=True))


def test_a_year_of_collections() -> None:
    fresh_books()
    BusinessDay.objects.update_or_create(id=1, defaults={"business_date": START})
    loans = [disbursed_loan() for _ in range(10)]
    payers, late, defaulters, hardship = loans[:3], loans[3:6], loans[6:8], loans[8:]
    Loan.objects.filter(pk=late[0].pk).update(borrower=person("zhang", "borrower", phone="13800138000"))
    li, wang, risk = collector("li"), collector("wang"), person("risk", "risk_manager")
    agency = Agency.objects.create(name="Acme Recovery", commission_percent=Decimal("15"))
    restructured: set[int] = set()
    dues = {loan.pk: _due_dates(loan) for loan in loans}
    day = START
    while day <= END:
        for loan in payers:
            if day in dues[loan.pk]:
                _pay(loan, day)
        for loan in late:
            if day - timedelta(days=20) in dues[loan.pk]:
                _pay(loan, day)
        for loan in hardship:
            if loan.pk in restructured and day in dues[loan.pk]:
                _pay(loan, day)
            if day == date(2024, 4, 1) and loan.pk not in restructured:
                case = CollectionCase.objects.get(loan=loan, status="open")
                request = hardship_propose(case, li, day, installments=12, reason="lost job, new job from April")
                hardship_approve(request, risk, day)
                restructured.add(loan.pk)
                dues[loan.pk] = _due_dates(loan)
        for case in CollectionCase.objects.filter(status="open", writeoff_recommended_on__isnull=False,
                                                  loan__status="active"):
            if not case.placements.exists():
                agency_place(case, agency, li, day)
            writeoff_approve(writeoff_propose(case, li, day), risk, day)
        if day == date(2024, 3, 1):
            promise_create(CollectionCase.objects.get(loan=late[1], status="open"), li, day, amount="8000",
                           due_on=date(2024, 3, 6))
            promise_create(CollectionCase.objects.get(loan=defaulters[0], status="open"), wang, day, amount="8000",
                           due_on=date(2024, 3, 6))
        (result,) = eod_run(day, partitions=1)
        assert set(result.steps) >= {"collateral_daily", "collections_eod", "reminders_send"}
        day += timedelta(days=1)
    recovery_record(defaulters[0].number, Decimal("30000.00"), END + timedelta(days=1), "car-sale")

    def cases(loan: Loan) -> list[CollectionCase]:
        return list(CollectionCase.objects.filter(loan=loan).order_by("pk"))

    assert all(not cases(loan) for loan in payers)
    for loan in late:  # a case a month, each cured inside M1
        history = cases(loan)
        assert len(history) == 11
        assert {(c.status, c.close_reason) for c in history} == {("closed", "cured")}
        assert max(c.max_dpd for c in history) == 19  # paid before the EOD of day 20
    for loan in defaulters:
        (case,) = cases(loan)
        loan.refresh_from_db()
        assert loan.status == "written_off"
        assert (case.status, case.close_reason, case.writeoff_reason) == ("closed", "written_off", "dpd_over_limit")
        assert case.writeoff_recommended_on == date(2024, 8, 14)  # 181 days after the missed 2024-02-15 due
        assert case.bucket == "M7+" and case.queue == "outside_agency" and case.escalations >= 4
    for loan in hardship:
        (case,) = cases(loan)
        loan.refresh_from_db()
        assert (case.status, case.close_reason, case.max_dpd) == ("closed", "cured", 45)
        assert loan.restructured_until == date(2024, 9, 28) and loan.schedule_version == 2
    statuses = dict(PromiseToPay.objects.values_list("loan__number", "status"))
    assert statuses == {late[1].number: "kept", defaulters[0].number: "broken"}
    assert AgencyCommission.objects.get().commission == Decimal("4500.00")
    assert ContactLog.objects.filter(loan=late[0], status="sent").exists()
    report = metrics_report(END)
    assert report["cases"]["open"] == 0 and report["cure_rate"] == "1.0000"
    assert assert_books_clean() is None
