"""Two clients accepting two offers of one application at the same moment, on PostgreSQL: the
application row lock lets exactly one in; the other is refused (its status is no longer
approved) and leaves no contract behind."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from django.db import connections

from autolend.origination import testing as t
from autolend.origination.errors import OriginationError
from autolend.origination.models import ApplicationStatus, Contract
from autolend.origination.services import offer_accept

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    t.configure(settings, tmp_path)
    t.seed_catalogue()


def test_exactly_one_acceptance_wins() -> None:
    app = t.submit()
    first, second = list(app.offers.order_by("rank"))[:2]
    start = threading.Barrier(2, timeout=20)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def accept(offer: Any) -> None:
        try:
            start.wait()
            offer_accept(app.pk, offer.pk, as_of=t.AS_OF)
            outcomes.append("accepted")
        except OriginationError as exc:
            outcomes.append(exc.field)
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(offer,)) for offer in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert sorted(outcomes) == ["accepted", "status"]
    app.refresh_from_db()
    assert app.status == ApplicationStatus.OFFER_ACCEPTED and Contract.objects.filter(application=app).count() == 1
    assert app.offers.filter(accepted_at__isnull=False).count() == 1
