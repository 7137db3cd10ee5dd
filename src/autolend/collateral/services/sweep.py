"""The time rules: checks that need no new data, run by end of day (or ``autolend collateral sweep``).

* ``gps_sweep(at)``: devices silent for ``gps_offline_hours`` (or never heard from since their
  installation that long ago), cars not moved for ``gps_no_movement_days``, stays at a risky
  place that go on without new reports.
* ``mortgage_deadlines_check(as_of)``: cars of disbursed loans not registered
  ``mortgage_register_days`` after disbursement (whether or not a request exists), and mortgages
  not released ``mortgage_release_days`` after the loan was paid off or closed by repossession.
* ``collateral_daily(as_of)``: all of the above plus the revaluation and the closing of settled
  repossessions — the one call for EOD.

Every check is a few set-based queries; alerts open and close through ``services.alerts``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q

from autolend.collateral.conf import collateral_rules
from autolend.collateral.kinds import AlertKind
from autolend.collateral.models import (
    CollateralAlert,
    DeviceStatus,
    GpsDevice,
    GpsDeviceState,
    MortgageRegistration,
    MortgageStatus,
    Pledge,
    PledgeStatus,
    Vehicle,
)
from autolend.collateral.services._common import date_of
from autolend.collateral.services.alerts import AlertSpec, alert_key, alerts_open


def gps_sweep(at: datetime, on: date | None = None) -> dict[str, int]:
    """Open offline, no-movement and risky-stay alerts as of ``at`` (aware); counts by kind."""
    rules = collateral_rules()
    offline_before = at - timedelta(hours=rules.gps_offline_hours)
    still_before = at - timedelta(days=rules.gps_no_movement_days)
    stay_before = at - timedelta(hours=rules.gps_risky_stay_hours)
    active = {"device__status": DeviceStatus.ACTIVE}
    cols = ("device_id", "device__vehicle_id", "device__vehicle__loan_id")
    specs: list[AlertSpec] = []

    def add(kind: AlertKind, rows: Any, detail_of: Any) -> None:
        for row in rows:
            specs.append(AlertSpec(kind, alert_key(kind, "device", row[0]), at, loan_id=row[2], vehicle_id=row[1],
                                   device_id=row[0], opened_on=on, detail=detail_of(row)))

    silent = GpsDeviceState.objects.filter(last_seen_at__lt=offline_before, **active)
    add(AlertKind.GPS_OFFLINE, silent.values_list(*cols, "last_seen_at"), lambda r: {"last_seen_at": r[3]})
    never = GpsDevice.objects.filter(status=DeviceStatus.ACTIVE, installed_on__lt=offline_before.date()).filter(
        Q(state__isnull=True) | Q(state__last_seen_at__isnull=True))
    add(AlertKind.GPS_OFFLINE, never.values_list("id", "vehicle_id", "vehicle__loan_id"), lambda r: {"never_reported": True})
    still = GpsDeviceState.objects.filter(last_moved_at__lt=still_before, **active)
    add(AlertKind.GPS_NO_MOVEMENT, still.values_list(*cols, "last_moved_at"), lambda r: {"last_moved_at": r[3]})
    staying = GpsDeviceState.objects.filter(place__isnull=False, place_since__lte=stay_before, **active)
    add(AlertKind.GPS_RISKY_PLACE, staying.values_list(*cols, "place_id", "place_since"),
        lambda r: {"place": r[3], "since": r[4], "hours": round((at - r[4]).total_seconds() / 3600, 2)})
    with transaction.atomic():
        opened = alerts_open(specs, rules.version)
    counts: dict[str, int] = {}
    for spec in specs:
        counts[spec.kind.value] = counts.get(spec.kind.value, 0) + 1
    return {"found": len(specs), "opened": opened, **counts}


def mortgage_deadlines_check(as_of: date) -> dict[str, int]:
    """Open (and close) the registration and release deadline alerts on ``as_of``."""
    from autolend.servicing.models import LoanStatus

    day = date_of(as_of)
    rules = collateral_rules()
    at = datetime.combine(day, time(23, 59), UTC)
    kind_reg, kind_rel = AlertKind.MORTGAGE_NOT_REGISTERED, AlertKind.MORTGAGE_NOT_RELEASED
    registered = MortgageRegistration.objects.filter(
        status__in=[MortgageStatus.REGISTERED, MortgageStatus.RELEASE_REQUESTED, MortgageStatus.RELEASED])
    pledged = Pledge.objects.filter(status__in=[PledgeStatus.IN_CUSTODY, PledgeStatus.IN_DISPOSAL])
    late = Vehicle.objects.filter(
        loan__status=LoanStatus.ACTIVE, loan__disbursed_on__lt=day - timedelta(days=rules.mortgage_register_days),
    ).exclude(pk__in=registered.values("vehicle_id")).exclude(pk__in=pledged.values("vehicle_id"))
    specs = [AlertSpec(kind_reg, alert_key(kind_reg, "vehicle", vid), at, loan_id=loan_id, vehicle_id=vid,
                       opened_on=day, detail={"disbursed_on": disbursed, "days": rules.mortgage_register_days})
             for vid, loan_id, disbursed in late.values_list("id", "loan_id", "loan__disbursed_on")]
    unreleased = MortgageRegistration.objects.filter(
        status__in=[MortgageStatus.REGISTERED, MortgageStatus.RELEASE_REQUESTED],
        loan__status__in=[LoanStatus.PAID_OFF, LoanStatus.CLOSED_REPOSSESSED],
        loan__closed_on__lt=day - timedelta(days=rules.mortgage_release_days),
    )
    specs += [AlertSpec(kind_rel, alert_key(kind_rel, "vehicle", vid), at, loan_id=loan_id, vehicle_id=vid,
                        opened_on=day, detail={"closed_on": closed, "days": rules.mortgage_release_days,
                                               "registration": reg})
              for reg, vid, loan_id, closed in unreleased.values_list("id", "vehicle_id", "loan_id", "loan__closed_on")]
    with transaction.atomic():
        opened = alerts_open(specs, rules.version)
        closed = CollateralAlert.objects.filter(
            is_open=True, kind=kind_reg, vehicle_id__in=registered.values("vehicle_id")).update(
            is_open=False, closed_at=at, resolution="registered")
    return {"not_registered": sum(s.kind is kind_reg for s in specs),
            "not_released": sum(s.kind is kind_rel for s in specs), "opened": opened, "closed": closed}


def collateral_daily(as_of: date, actor: Any = None) -> dict[str, Any]:
    """Everything collateral does at the end of business date ``as_of`` (for EOD and the CLI)."""
    from autolend.collateral.services.loans import repossessions_close
    from autolend.collateral.services.valuation import collateral_revalue

    day = date_of(as_of)
    if not Vehicle.objects.exists():  # a book without collateral: one query instead of a dozen, every day
        return {"as_of": day.isoformat(), "vehicles": 0}
    end = datetime.combine(day + timedelta(days=1), time(0), UTC) - timedelta(hours=8)  # midnight in China
    return {
        "as_of": day.isoformat(),
        "revalue": collateral_revalue(day).as_json(),
        "mortgage": mortgage_deadlines_check(day),
        "gps": gps_sweep(end, day),
        "repossessions_closed": repossessions_close(day, actor),
    }
