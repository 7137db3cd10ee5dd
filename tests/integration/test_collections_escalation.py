"""Cases move up the queue ladder as DPD grows (strategy table), with SLA due dates; a manual
escalation sticks (EOD never moves it back down)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from autolend.collections.models import CollectionCase
from autolend.collections.services import case_escalate
from autolend.collections.testing import collector, dpd_set, loan_at, run

pytestmark = pytest.mark.django_db
D = date(2024, 6, 1)


def test_queue_follows_bucket_and_score() -> None:
    loan = loan_at("E1", 1)
    seen = []
    for n, dpd in enumerate((1, 31, 61, 95, 125, 155, 181)):
        dpd_set(loan, dpd)
        run(D + timedelta(days=n))
        case = CollectionCase.objects.get(loan=loan)
        seen.append((case.bucket, case.band, case.queue))
    assert seen == [
        ("M1", "high", "auto_message"), ("M2", "high", "phone"), ("M3", "medium", "field_visit"),
        ("M4", "medium", "field_visit"), ("M5", "medium", "legal"), ("M6", "low", "repossession"),
        ("M7+", "low", "outside_agency")]  # score 800 − 2 × DPD: 738, 678, 610, 550, 490, 438
    assert case.escalations == 5  # phone, field visit, legal, repossession, outside agency
    assert case.sla_due == D + timedelta(days=6 + 15)


def test_manual_escalation_sticks() -> None:
    loan = loan_at("E2", 3)
    run(D)
    case = case_escalate(CollectionCase.objects.get(loan=loan), collector("li"), D, "refuses to talk")
    assert (case.queue, case.manual_queue, case.escalations) == ("phone", True, 1)
    dpd_set(loan, 4)
    run(D + timedelta(days=1))
    case.refresh_from_db()
    assert case.queue == "phone"  # the strategy says auto-message for M1 high, the hand wins
    with pytest.raises(ValueError, match="reason"):
        case_escalate(case, None, D, " ")
