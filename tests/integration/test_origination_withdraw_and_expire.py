"""An open application can be withdrawn; offers expire after their validity and idle drafts
after 30 days (``applications_expire``, run with the business date). Closed ones stay closed."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from autolend.origination import testing as t
from autolend.origination.errors import OriginationError
from autolend.origination.models import ApplicationStatus as S
from autolend.origination.services import (
    application_create,
    application_withdraw,
    applications_expire,
)
from autolend.parties.services import borrower_register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    t.configure(settings, tmp_path)
    t.seed_catalogue()


def test_withdrawal_closes_the_offers() -> None:
    app = t.submit()
    done = application_withdraw(app, reason="bought elsewhere")
    assert done.status == S.WITHDRAWN and not done.offers.filter(is_active=True).exists()
    with pytest.raises(OriginationError):
        application_withdraw(app)


def test_offers_expire_after_their_validity() -> None:
    app = t.submit()
    assert app.expires_on == t.AS_OF + timedelta(days=30)
    assert applications_expire(app.expires_on) == []  # valid through its last day
    assert applications_expire(app.expires_on + timedelta(days=1)) == [app.number]
    app.refresh_from_db()
    assert app.status == S.EXPIRED and not app.offers.filter(is_active=True).exists()


def test_an_idle_draft_expires_and_a_declined_one_does_not() -> None:
    borrower = borrower_register(name="孙丽", resident_id=t.unique_resident_id(), mobile="13800001234",
                                 as_of=t.AS_OF)
    draft = application_create(borrower=borrower, channel="borrower_web", product_code="NEWCAR",
                               fields=t.vehicle_fields(), as_of=t.AS_OF)
    declined = t.submit(applicant_changes={"resident_id": t.resident_id(sequence="992")})
    assert declined.status == S.DECLINED
    assert applications_expire(t.AS_OF + timedelta(days=31)) == [draft.number]
    declined.refresh_from_db()
    assert declined.status == S.DECLINED
