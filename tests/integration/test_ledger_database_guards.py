"""The database itself refuses edits to posted rows and (on PostgreSQL) unbalanced entries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from autolend.ledger.models import Account, JournalEntry, JournalLine
from autolend.ledger.rules import Leg
from autolend.ledger.services import chart_ensure, journal_post


@pytest.fixture(autouse=True)
def chart(db: None) -> None:
    chart_ensure()


def _entry() -> JournalEntry:
    return journal_post(
        entry_date=date(2024, 1, 15), kind="disbursement",
        legs=[Leg("1301", debit=D("100.00")), Leg("2202", credit=D("100.00"))],
    )


@pytest.mark.django_db
def test_posted_lines_and_entries_cannot_be_updated() -> None:
    entry = _entry()
    with pytest.raises(DatabaseError), transaction.atomic():
        JournalLine.objects.filter(entry=entry).update(debit=D("1.00"))
    with pytest.raises(DatabaseError), transaction.atomic():
        JournalEntry.objects.filter(pk=entry.pk).update(kind="edited")
    assert JournalLine.objects.get(entry=entry, account__code="1301").debit == D("100.00")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_refuses_an_unbalanced_entry_written_around_the_service() -> None:
    chart_ensure()
    bank, payable = Account.objects.get(code="1301"), Account.objects.get(code="2202")
    with pytest.raises(IntegrityError, match="not balanced"):
        with transaction.atomic():
            entry = JournalEntry.objects.create(entry_date=date(2024, 1, 1), kind="raw", created_at=timezone.now())
            JournalLine.objects.create(entry=entry, account=bank, entry_date=entry.entry_date, debit=D("10.00"))
            JournalLine.objects.create(entry=entry, account=payable, entry_date=entry.entry_date, credit=D("9.00"))
    assert not JournalEntry.objects.filter(kind="raw").exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_refuses_lines_added_to_an_entry_posted_earlier_and_deletes() -> None:
    chart_ensure()
    entry = _entry()
    bank = Account.objects.get(code="1002")
    with pytest.raises(IntegrityError, match="already posted"), transaction.atomic():
        JournalLine.objects.create(entry=entry, account=bank, entry_date=entry.entry_date, debit=D("5.00"))
    with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM ledger_journalline WHERE entry_id = %s", [entry.pk])
    assert JournalLine.objects.filter(entry=entry).count() == 2
