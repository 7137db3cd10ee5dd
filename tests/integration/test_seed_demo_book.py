"""`autolend seed-demo` writes a believable demo book through the real services and end of day:
dealers, borrowers with valid resident IDs, loans in every state (on time, late, in collections
30/60/90+, prepaid, paid off, written off with a recovery, a bounced payment reversed, pending
disbursement, one closed by the repossession and auction sale of its car); every disbursed loan's
car as collateral (valid VIN, appraisal, mortgage, tracker with telemetry, alerts); collection
cases opened, escalated and cured by end of day's collections step; the business date ends on
the demo date; the books reconcile; running it again changes nothing. Seeded once for the module (about 15 s on SQLite)."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Count

from autolend.cli import main
from autolend.collateral.models import (
    CollateralAlert,
    GpsPoint,
    MortgageRegistration,
    RepossessionOrder,
    Valuation,
    Vehicle,
)
from autolend.collections.models import CollectionCase, ContactLog
from autolend.integrations.payments import SimulatedGateway
from autolend.ledger.models import JournalEntry
from autolend.parties.kyc import resident_id_check
from autolend.parties.models import Borrower, Dealer
from autolend.servicing.demo_plan import DEMO_DATE, demo_plans
from autolend.servicing.models import ApprovalRequest, Loan, LoanTransaction
from autolend.servicing.selectors import business_date_current, reconcile_report
from autolend.servicing.testing import fresh_books
from autolend.vehicles.vin import vin_check

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seeded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """The demo seeded inside one transaction that is rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        fresh_books()
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert main(["seed-demo"]) == 0
        yield out.getvalue()
        transaction.set_rollback(True)
    SimulatedGateway.reset()  # the rolled-back loans' payout keys must not refuse later payouts


@pytest.mark.django_db
def test_progress_and_a_clean_reconcile(seeded: str) -> None:
    assert "[365/365] 2026-11-26" in seeded
    assert "Reconcile: ok" in seeded
    assert business_date_current() == DEMO_DATE
    report = reconcile_report()
    # every loan reconciles: the demo book's and those the origination demo books after it
    assert report["ok"] and report["loans_checked"] == Loan.objects.count() >= len(demo_plans())


@pytest.mark.django_db
def test_parties(seeded: str) -> None:
    assert Dealer.objects.count() == 3
    borrowers = list(Borrower.objects.all())
    assert len(borrowers) >= len(demo_plans())
    assert all(resident_id_check(b.resident_id).ok for b in borrowers)
    assert Borrower.objects.filter(user__username="borrower").exists()
    assert Loan.objects.filter(borrower__username="borrower", status="active").exists()


@pytest.mark.django_db
def test_loans_in_every_state(seeded: str) -> None:
    loans = list(Loan.objects.all())
    statuses = {loan.status for loan in loans}
    assert statuses == {"active", "paid_off", "written_off", "pending_disbursement", "closed_repossessed"}
    active = [loan for loan in loans if loan.status == "active"]
    dpd = sorted(loan.days_past_due for loan in active)
    assert dpd.count(0) > len(active) / 2  # most pay on time
    assert any(0 < d <= 30 for d in dpd)  # late
    assert any(30 < d <= 60 for d in dpd) and any(60 < d <= 90 for d in dpd) and any(d > 90 for d in dpd)
    kinds = set(LoanTransaction.objects.values_list("kind", flat=True))
    assert {"repayment", "prepayment", "payoff", "reversal", "write_off", "recovery"} <= kinds
    assert LoanTransaction.objects.filter(kind="reversal", note__contains="returned by the bank").exists()
    assert ApprovalRequest.objects.filter(status="pending", kind="disbursement").count() == 3
    assert sum(loan.penalty_receivable > 0 for loan in active) >= 5


@pytest.mark.django_db
def test_seeding_again_changes_nothing(seeded: str) -> None:
    counts = (Loan.objects.count(), LoanTransaction.objects.count(), JournalEntry.objects.count(),
              Borrower.objects.count(), Dealer.objects.count(), Vehicle.objects.count(), GpsPoint.objects.count(),
              CollectionCase.objects.count())
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["seed-demo"]) == 0
    assert "already present" in out.getvalue()
    assert (Loan.objects.count(), LoanTransaction.objects.count(), JournalEntry.objects.count(),
            Borrower.objects.count(), Dealer.objects.count(), Vehicle.objects.count(), GpsPoint.objects.count(),
            CollectionCase.objects.count()) == counts


@pytest.mark.django_db
def test_collateral(seeded: str) -> None:
    disbursed = Loan.objects.filter(disbursed_on__isnull=False)
    cars = Vehicle.objects.filter(loan__in=disbursed)
    assert cars.count() == disbursed.count()
    assert all(vin_check(vin)["valid"] for vin in cars.values_list("vin", flat=True))
    assert not disbursed.exclude(pk__in=Valuation.objects.filter(method="appraisal").values("vehicle__loan_id"))
    mortgages = dict(MortgageRegistration.objects.values_list("status").annotate(n=Count("id")))
    assert (mortgages["requested"], mortgages["submitted"]) == (1, 1)  # one waiting, one overdue
    # registered: every active loan's car but those two, and the written-off loan's (not released)
    assert mortgages["registered"] == Loan.objects.filter(status__in=["active", "written_off"]).count() - 2
    assert mortgages["released"] == Loan.objects.filter(status__in=["paid_off", "closed_repossessed"]).count()
    assert GpsPoint.objects.count() > 10_000  # a report a day from each tracker
    open_alerts = set(CollateralAlert.objects.filter(is_open=True).values_list("kind", flat=True))
    assert {"mortgage_not_registered", "gps_offline", "gps_tamper"} <= open_alerts
    (order,) = RepossessionOrder.objects.all()
    assert (order.status, order.outcome, order.loan.status) == ("closed", "paid_in_full", "closed_repossessed")
    assert order.listings.get().channel == "auction"
    assert "Collateral: " in seeded and "1 repossessions" in seeded


@pytest.mark.django_db
def test_collection_cases(seeded: str) -> None:
    overdue = Loan.objects.filter(status="active", days_past_due__gt=0)
    assert set(CollectionCase.objects.filter(status="open").values_list("loan_id", flat=True)) == set(
        overdue.values_list("pk", flat=True))
    closed = dict(CollectionCase.objects.filter(status="closed").values_list("close_reason").annotate(n=Count("id")))
    assert closed["cured"] > 20 and closed["written_off"] == 1  # the late payers' cases cure every month
    assert CollectionCase.objects.filter(status="open", escalations__gt=0).exists()
    assert ContactLog.objects.filter(purpose="reminder", status="sent").exists()
