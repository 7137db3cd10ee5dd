"""A case in a human queue with no action by its SLA due date is flagged breached; an action in
time prevents it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from autolend.collections.models import CollectionCase
from autolend.collections.services import note_add
from autolend.collections.testing import collector, loan_at, run

pytestmark = pytest.mark.django_db
D = date(2024, 6, 1)


def test_breach_without_action() -> None:
    loan_at("B1", 40)  # phone queue, SLA 2 days
    worked = loan_at("B2", 40)
    run(D)
    case = CollectionCase.objects.get(loan__number="B1")
    assert case.sla_due == D + timedelta(days=2)
    note_add(CollectionCase.objects.get(loan=worked), collector("li"), D + timedelta(days=1), "called employer? no: borrower")
    assert run(D + timedelta(days=2)).sla_breaches == 0
    assert run(D + timedelta(days=3)).sla_breaches == 1
    case.refresh_from_db()
    assert case.sla_breached
    assert not CollectionCase.objects.get(loan=worked).sla_breached
