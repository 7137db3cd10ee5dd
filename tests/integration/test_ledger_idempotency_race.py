"""Two threads posting with the same idempotency key on PostgreSQL: one entry, both get it."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal as D

import pytest
from django.db import connections, transaction

from autolend.ledger.models import JournalEntry
from autolend.ledger.rules import Leg, request_hash
from autolend.ledger.services import chart_ensure, journal_post

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_same_key_from_two_threads_posts_once() -> None:
    chart_ensure()
    start = threading.Barrier(2, timeout=10)
    results: list[int] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            start.wait()
            with transaction.atomic():
                entry = journal_post(
                    entry_date=date(2024, 3, 1), kind="repayment",
                    legs=[Leg("1002", debit=D("500.00")), Leg("1301", credit=D("500.00"), subledger="AL9")],
                    idempotency_key="pay-AL9-1", request_hash=request_hash({"amount": "500.00"}),
                )
                results.append(entry.pk)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert len(results) == 2 and results[0] == results[1]
    assert JournalEntry.objects.filter(idempotency_key="pay-AL9-1").count() == 1
