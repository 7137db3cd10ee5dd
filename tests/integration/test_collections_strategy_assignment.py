"""Cases in human queues go to collectors, least-loaded first (or round-robin); auto-message cases
stay unassigned."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import override_settings

from autolend.collections.models import CollectionCase
from autolend.collections.testing import collector, loan_at, run

pytestmark = pytest.mark.django_db
D = date(2024, 6, 1)


def test_least_loaded() -> None:
    a, b = collector("a"), collector("b")
    for i in range(3):
        loan_at(f"S{i}", 40)  # M2: phone queue
    loan_at("S9", 5)  # M1 high band: auto-message, nobody
    assert run(D).assigned == 3
    counts = {u.username: CollectionCase.objects.filter(collector=u).count() for u in (a, b)}
    assert sorted(counts.values()) == [1, 2]
    assert CollectionCase.objects.get(loan__number="S9").collector is None
    loan_at("S5", 40)
    run(D)
    assert {u.username: CollectionCase.objects.filter(collector=u).count() for u in (a, b)} == {"a": 2, "b": 2}


@override_settings(AUTOLEND_COLLECTIONS_ASSIGNMENT="round_robin")
def test_round_robin() -> None:
    collector("a")
    collector("b")
    for i in range(4):
        loan_at(f"R{i}", 70)
    run(D)
    names = list(CollectionCase.objects.order_by("pk").values_list("collector__username", flat=True))
    assert names == ["a", "b", "a", "b"]
