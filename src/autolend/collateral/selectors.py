"""Reading collateral: a vehicle's file, the work queues of the back office, alerts for collections.

Amounts are Decimal yuan in the objects; ``*_json`` functions give them as decimal strings (the
API contract). Queues are ordered oldest first, with a limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.utils import timezone

from autolend.collateral.models import (
    CollateralAlert,
    CustodyLog,
    GpsDevice,
    MortgageRegistration,
    MortgageStatus,
    Pledge,
    PledgeStatus,
    RemarketingListing,
    RepossessionOrder,
    Valuation,
    Vehicle,
)
from autolend.collateral.services.pledge import held_items, storage_fee_due

PENDING_MORTGAGE = (MortgageStatus.REQUESTED, MortgageStatus.SUBMITTED)


def business_date() -> date:
    """The platform's business date (servicing EOD), else the local calendar date."""
    from autolend.servicing.selectors import business_date_current

    return business_date_current() or timezone.localdate()


def _j(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value.isoformat() if isinstance(value, date) else value


def latest_valuation(vehicle: Vehicle | int) -> Valuation | None:
    return Valuation.objects.filter(vehicle=vehicle).order_by("-as_of", "-pk").first()


def vehicle_ltv(vehicle: Vehicle) -> Decimal | None:
    """Principal outstanding ÷ latest value (a fraction), or None without a loan or a value."""
    valuation = latest_valuation(vehicle)
    if vehicle.loan_id is None or valuation is None or valuation.value <= 0:
        return None
    return (vehicle.loan.principal_outstanding / valuation.value).quantize(Decimal("0.0001"))


def alert_json(alert: CollateralAlert) -> dict[str, Any]:
    return {"id": alert.pk, "kind": alert.kind, "severity": alert.severity, "key": alert.key, "open": alert.is_open,
            "loan": alert.loan.number if alert.loan_id else None, "vehicle": alert.vehicle_id, "device": alert.device_id,
            "opened_at": alert.opened_at.isoformat(), "closed_at": alert.closed_at.isoformat() if alert.closed_at else None,
            "resolution": alert.resolution, "detail": alert.detail}


def alerts_list(*, open_only: bool = True, kind: str = "", prefix: str = "", loan: str = "",
                limit: int = 200) -> list[CollateralAlert]:
    """Alerts, most severe and oldest first (what collections reads: by loan number and kind)."""
    rows = CollateralAlert.objects.select_related("loan", "vehicle", "device")
    if open_only:
        rows = rows.filter(is_open=True)
    if kind:
        rows = rows.filter(kind=kind)
    if prefix:
        rows = rows.filter(kind__startswith=prefix)
    if loan:
        rows = rows.filter(loan__number=loan)
    order = {"critical": 0, "high": 1, "medium": 2, "low": 3}
    return sorted(rows.order_by("opened_at", "pk")[:limit], key=lambda a: order.get(a.severity, 9))


def vehicle_detail(vehicle_id: int) -> dict[str, Any]:
    """A vehicle's file: facts, valuations, mortgages, pledges, devices, custody log, alerts."""
    car = Vehicle.objects.select_related("loan").get(pk=vehicle_id)
    names = ("vin", "make", "model", "model_year", "energy", "use", "segment", "plate", "new_price",
             "first_registered", "mileage_km", "condition", "declared_province", "fence_lat", "fence_lon",
             "fence_radius_m")
    ltv = vehicle_ltv(car)
    return {
        "id": car.pk, **{n: _j(getattr(car, n)) for n in names}, "loan": car.loan.number if car.loan_id else None,
        "ltv": str(ltv) if ltv is not None else None,
        "valuations": [{"as_of": v.as_of.isoformat(), "method": v.method, "value": str(v.value), "low": str(v.low),
                        "high": str(v.high), "model_version": v.model_version}
                       for v in car.valuations.order_by("-as_of", "-pk")[:20]],
        "mortgages": [{"id": m.pk, "status": m.status, "certificate_number": m.certificate_number,
                       "registered_on": _j(m.registered_on), "released_on": _j(m.released_on)}
                      for m in car.mortgages.order_by("pk")],
        "pledges": [{"id": p.pk, "status": p.status, "location": p.location, "intake_on": p.intake_on.isoformat()}
                    for p in car.pledges.order_by("pk")],
        "devices": [{"id": d.pk, "external_id": d.external_id, "kind": d.kind, "status": d.status}
                    for d in car.gps_devices.order_by("pk")],
        "custody": [{"item": c.item, "direction": c.direction, "on": c.on.isoformat(), "counterparty": c.counterparty}
                    for c in CustodyLog.objects.filter(vehicle=car).order_by("pk")],
        "held": sorted(held_items(car.pk)),
        "alerts": [alert_json(a) for a in car.alerts.filter(is_open=True).order_by("pk")],
    }


@dataclass(frozen=True)
class MortgageQueue:
    pending: list[MortgageRegistration]
    overdue: list[MortgageRegistration]
    releases_due: list[MortgageRegistration]  # registered, loan settled: release to request
    releasing: list[MortgageRegistration]


def mortgage_queue(as_of: date, limit: int = 200) -> MortgageQueue:
    """Registrations to file or chase (overdue: past their registration deadline), releases due."""
    base = MortgageRegistration.objects.select_related("vehicle", "loan").order_by("register_due_by", "pk")
    pending = base.filter(status__in=PENDING_MORTGAGE)
    return MortgageQueue(
        pending=list(pending.filter(register_due_by__gte=as_of)[:limit]),
        overdue=list(pending.filter(register_due_by__lt=as_of)[:limit]),
        releases_due=list(base.filter(status=MortgageStatus.REGISTERED,
                                      loan__status__in=["paid_off", "closed_repossessed"])[:limit]),
        releasing=list(base.filter(status=MortgageStatus.RELEASE_REQUESTED)[:limit]),
    )


def pledges_in_custody(as_of: date, limit: int = 200) -> list[dict[str, Any]]:
    """Pledges in custody or in disposal, with the storage fees due to ``as_of``."""
    rows = Pledge.objects.filter(status__in=[PledgeStatus.IN_CUSTODY, PledgeStatus.IN_DISPOSAL]).select_related(
        "vehicle", "loan").prefetch_related("fee_payments").order_by("intake_on", "pk")[:limit]
    return [{"pledge": p, "fee_due": storage_fee_due(p, as_of), "days": (as_of - p.intake_on).days,
             "held": sorted(held_items(p.vehicle_id))} for p in rows]


def repossessions(status: str = "", limit: int = 200) -> list[RepossessionOrder]:
    rows = RepossessionOrder.objects.select_related("loan", "vehicle").annotate(n_costs=Count("cost_items"))
    if status:
        rows = rows.filter(status=status)
    return list(rows.order_by("ordered_on", "pk")[:limit])


def listings(status: str = "", limit: int = 200) -> list[RemarketingListing]:
    rows = RemarketingListing.objects.select_related("order", "order__vehicle", "order__loan")
    if status:
        rows = rows.filter(status=status)
    return list(rows.order_by("listed_on", "pk")[:limit])


def dashboard(as_of: date) -> dict[str, int]:
    """Counts for the collateral home page."""
    open_alerts = CollateralAlert.objects.filter(is_open=True)
    queue = mortgage_queue(as_of, limit=10_000)
    return {
        "mortgages_pending": len(queue.pending), "mortgages_overdue": len(queue.overdue),
        "releases_due": len(queue.releases_due) + len(queue.releasing),
        "pledges": Pledge.objects.filter(status__in=[PledgeStatus.IN_CUSTODY, PledgeStatus.IN_DISPOSAL]).count(),
        "gps_alerts": open_alerts.filter(kind__startswith="gps_").count(),
        "other_alerts": open_alerts.exclude(kind__startswith="gps_").count(),
        "repossessions": RepossessionOrder.objects.exclude(status__in=["closed", "cancelled"]).count(),
        "listings": RemarketingListing.objects.filter(status="listed").count(),
        "devices": GpsDevice.objects.filter(status="active").count(),
    }
