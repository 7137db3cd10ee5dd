"""Write-off is recommended by rule (DPD > 180) or by hand (repossession shortfall); a second
person approves through servicing; the case closes written off; a recovery through an outside
agency accrues its commission."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from autolend.collections.models import Agency, AgencyCommission, CollectionCase
from autolend.collections.services import (
    agency_place,
    recovery_record,
    writeoff_approve,
    writeoff_propose,
    writeoff_recommend,
)
from autolend.collections.testing import dpd_set, loan_at, person, run
from autolend.servicing.testing import assert_books_clean, disbursed_loan, fresh_books

pytestmark = pytest.mark.django_db
D = date(2024, 8, 20)


def test_recommended_over_180_days() -> None:
    loan_at("W1", 180)
    loan_at("W2", 181)
    assert run(D).writeoff_recommended == 1
    assert CollectionCase.objects.get(loan__number="W2").writeoff_reason == "dpd_over_limit"
    assert CollectionCase.objects.get(loan__number="W1").writeoff_recommended_on is None
    manual = writeoff_recommend(CollectionCase.objects.get(loan__number="W1"), None, D, "repossession_shortfall")
    assert manual.writeoff_recommended_on == D


def test_second_person_approves_and_agency_earns_commission() -> None:
    fresh_books()
    loan = disbursed_loan()
    dpd_set(loan, 190)
    run(D)
    case = CollectionCase.objects.get(loan=loan)
    maker, checker = person("maker2", "collector"), person("risk", "risk_manager")
    agency = Agency.objects.create(name="Acme Recovery", commission_percent=Decimal("20"))
    agency_place(case, agency, maker, D)
    request = writeoff_propose(case, maker, D)
    with pytest.raises(ValueError):
        writeoff_approve(request, maker, D)  # maker ≠ checker
    writeoff_approve(request, checker, D)
    run(D)
    case.refresh_from_db()
    assert (case.status, case.close_reason) == ("closed", "written_off")
    recovery_record(loan.number, Decimal("12345.67"), date(2024, 9, 1), "rec-1", actor=maker)
    commission = AgencyCommission.objects.get()
    assert (commission.collected, commission.commission) == (Decimal("12345.67"), Decimal("2469.13"))
    assert_books_clean()


def test_propose_needs_a_recommendation() -> None:
    loan_at("W3", 40)
    run(D)
    with pytest.raises(ValueError, match="recommendation"):
        writeoff_propose(CollectionCase.objects.get(), None, D)
