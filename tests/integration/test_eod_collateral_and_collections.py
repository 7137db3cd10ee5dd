"""`eod_run` runs collateral's daily checks and collections EOD for the date before closing it:
a car never registered 30 days after disbursement, a tracker silent for 48 hours and a car worth
less than the principal over the LTV threshold get their alerts, the overdue loan gets a collection case scored with those alerts, the day's JSON carries
each step's summary; the standalone commands run again for the same date change nothing.

The loan: 100,000.00 disbursed 2024-01-15, first due 2024-02-15 never paid: 5 days past due on
2024-02-20. Its car (a 2022 BYD Qin PLUS, new 150,000.00, depreciated below 100,000.00 / 0.90) has
a wired tracker installed 2024-01-15 that never reported.
"""

from __future__ import annotations

from datetime import date

import pytest

from autolend.collateral.kinds import AlertKind
from autolend.collateral.models import CollateralAlert
from autolend.collateral.services import collateral_daily
from autolend.collateral.testing import car_for, tracker
from autolend.collections.eod import collections_eod
from autolend.collections.models import CollectionCase
from autolend.servicing.eod import eod_run
from autolend.servicing.models import BusinessDay, EodRun
from autolend.servicing.selectors import business_date_current
from autolend.servicing.testing import disbursed_loan, fresh_books

pytestmark = pytest.mark.django_db
DAY = date(2024, 2, 20)


def test_collateral_alerts_and_a_case_from_eod_run() -> None:
    fresh_books()
    loan = disbursed_loan()
    tracker(car_for(loan))
    BusinessDay.objects.update_or_create(id=1, defaults={"business_date": DAY})

    (result,) = eod_run(DAY, partitions=1)

    assert business_date_current() == date(2024, 2, 21)
    kinds = sorted(CollateralAlert.objects.filter(is_open=True, loan=loan).values_list("kind", flat=True))
    assert kinds == sorted([AlertKind.GPS_OFFLINE.value, AlertKind.LTV_SHORTFALL.value,
                            AlertKind.MORTGAGE_NOT_REGISTERED.value])
    case = CollectionCase.objects.get(loan=loan)
    assert (case.status, case.opened_on, case.dpd, case.bucket) == ("open", DAY, 5, "M1")
    steps = result.as_json()["steps"]
    assert list(steps) == ["applications_expire", "collateral_secure", "collateral_daily", "collections_eod",
                           "reminders_send"]
    assert steps["collateral_secure"] == {}  # no loan here was signed through origination
    assert steps["applications_expire"] == {"count": 0, "items": []}
    assert steps["collateral_daily"]["mortgage"]["not_registered"] == 1
    assert steps["collateral_daily"]["gps"]["gps_offline"] == 1
    assert steps["collateral_daily"]["revalue"]["alerts_opened"] == 1
    assert (steps["collections_eod"]["opened"], steps["collections_eod"]["snapshots"]) == (1, 1)
    assert steps["collections_eod"]["reminders"] == {}  # sent by the next step
    assert set(EodRun.objects.filter(business_date=DAY, partition=0).values_list("step", flat=True)) >= set(steps)

    # the standalone commands (`autolend collateral daily`, `autolend collections eod`) repeat nothing
    score = case.score
    again = collateral_daily(DAY)
    assert (again["gps"]["opened"], again["mortgage"]["opened"]) == (0, 0)
    day = collections_eod(DAY)
    assert (day.opened, day.closed) == (0, 0)
    assert CollectionCase.objects.get().score == score
    assert CollateralAlert.objects.filter(is_open=True).count() == 3
