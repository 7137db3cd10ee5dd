"""The same new applicant submitting two applications at the same moment, on PostgreSQL: both
intakes register the person, the unique resident ID lets one registration in, and the other
intake starts over with the registered borrower: two applications, one borrower, no error."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from django.db import connections

from autolend.origination import testing as t
from autolend.origination.models import Application
from autolend.parties.models import Borrower

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    t.configure(settings, tmp_path)
    t.seed_catalogue()


def test_both_applications_go_through_with_one_borrower() -> None:
    t.submit()  # models trained and loaded before the race
    person = t.applicant()
    start = threading.Barrier(2, timeout=30)
    errors: list[BaseException] = []

    def apply() -> None:
        try:
            start.wait()
            t.submit(applicant_changes=person, vin=t.vin())
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=apply) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert Borrower.objects.filter(resident_id=person["resident_id"]).count() == 1
    assert Application.objects.filter(borrower__resident_id=person["resident_id"]).count() == 2
