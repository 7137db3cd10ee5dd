"""Alerts as the feed for early warning and collections: at most one open alert per subject,
closed by a person with a resolution (audited, not twice), or by itself when the condition ends;
`collateral_daily` (what EOD calls) opens the time-based ones."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from autolend.audit.models import AuditEvent
from autolend.collateral.errors import CollateralError
from autolend.collateral.models import CollateralAlert
from autolend.collateral.selectors import alerts_list
from autolend.collateral.services import alert_close, collateral_daily, telemetry_ingest
from autolend.collateral.testing import car_for, point, tracker, utc
from autolend.integrations.payments import SimulatedGateway
from autolend.servicing.testing import disbursed_loan, fresh_books, staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def isolated_gateway() -> Iterator[None]:
    fresh_books()
    yield
    SimulatedGateway.reset()  # the simulated payouts of these tests must not leak into later files


def test_staff_close_an_alert_once_and_it_is_audited() -> None:
    loan = disbursed_loan()
    device = tracker(car_for(loan))
    telemetry_ingest([point(device, utc(2024, 6, 1), tamper=True)])
    alert = CollateralAlert.objects.get()
    with pytest.raises(CollateralError, match="is required"):
        alert_close(alert, staff("collector"), "  ")
    alert_close(alert, staff("collector"), "visited: tracker knocked loose, refitted", date(2024, 6, 2))
    with pytest.raises(CollateralError, match="already closed"):
        alert_close(alert, staff("collector"), "again")
    event = AuditEvent.objects.get(action="collateral.alert_close")
    assert event.after["kind"] == "gps_tamper" and event.actor_name == "collector"
    telemetry_ingest([point(device, utc(2024, 6, 3), tamper=True)])  # tampered again: a new alert
    assert CollateralAlert.objects.filter(is_open=True).count() == 1


def test_collections_reads_open_alerts_by_loan_most_severe_first() -> None:
    loan = disbursed_loan()
    device = tracker(car_for(loan))
    telemetry_ingest([point(device, utc(2024, 6, 1))])
    collateral_daily(date(2024, 6, 10))  # offline, and not registered 30 days after disbursement, and LTV
    kinds = [a.kind for a in alerts_list(loan=loan.number)]
    assert kinds[0] == "mortgage_not_registered" and set(kinds) == {
        "mortgage_not_registered", "ltv_shortfall", "gps_offline", "gps_no_movement"}
    assert all(a.loan_id == loan.pk for a in alerts_list(loan=loan.number))
