"""Revaluation (押品重估) in end of day, and the LTV shortfall alerts it feeds.

``collateral_revalue(as_of, loans=...)`` values every car securing an active loan (or the loans
given) with the depreciation curves of ``vehicles.depreciation`` (or the ML model of
``vehicles.valuation`` when asked and configured), writes one ``Valuation`` per car, date and
method in bulk (a re-run of the same date writes nothing new), and compares
LTV = principal outstanding ÷ value with ``rules.ltv_alert``: above it an ``ltv_shortfall``
alert opens, at or below it an open one closes. Statements are per chunk of cars, never per car.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from autolend.collateral.conf import collateral_rules
from autolend.collateral.errors import CollateralError
from autolend.collateral.kinds import AlertKind
from autolend.collateral.models import Valuation, ValuationMethod, Vehicle
from autolend.collateral.services._common import date_of, now
from autolend.collateral.services.alerts import AlertSpec, alert_key, alerts_close, alerts_open
from autolend.vehicles.depreciation import (
    Condition,
    DepreciationConfig,
    Energy,
    Segment,
    depreciated_value,
)

CHUNK = 5000
COLUMNS = ("id", "make", "model", "model_year", "energy", "segment", "new_price", "first_registered",
           "mileage_km", "condition", "loan_id", "loan__principal_outstanding")


@dataclass(frozen=True)
class RevalueResult:
    as_of: date
    method: str
    vehicles: int
    valued: int
    alerts_opened: int
    alerts_closed: int

    def as_json(self) -> dict[str, Any]:
        return {"as_of": self.as_of.isoformat(), "method": self.method, "vehicles": self.vehicles,
                "valued": self.valued, "alerts_opened": self.alerts_opened, "alerts_closed": self.alerts_closed}


def collateral_revalue(as_of: date, loans: Iterable[int] | None = None, method: str = "depreciation") -> RevalueResult:
    """Value the cars of active loans (or of the loan ids ``loans``) on ``as_of``; LTV alerts."""
    from autolend.servicing.models import LoanStatus

    day = date_of(as_of)
    if method not in (ValuationMethod.DEPRECIATION, ValuationMethod.ML):
        raise CollateralError("method", "must be depreciation or ml")
    quote = _depreciation_quotes if method == ValuationMethod.DEPRECIATION else _ml_quotes
    rules = collateral_rules()
    cars = Vehicle.objects.filter(loan__status=LoanStatus.ACTIVE).order_by("pk")
    if loans is not None:
        cars = cars.filter(loan_id__in=list(loans))
    at = datetime.combine(day, time(23, 59), UTC)
    total = valued = opened = closed = 0
    for chunk in _chunks(cars.values(*COLUMNS).iterator(chunk_size=CHUNK)):
        total += len(chunk)
        quotes = quote(chunk, day)
        rows = [Valuation(vehicle_id=car["id"], as_of=day, method=method, value=q[0], low=q[1], high=q[2],
                          model_version=q[3], created_at=now()) for car, q in zip(chunk, quotes, strict=True)]
        high, fine = [], []
        for car, q in zip(chunk, quotes, strict=True):
            principal = car["loan__principal_outstanding"] or Decimal(0)
            ltv = (principal / q[0]).quantize(Decimal("0.0001")) if q[0] > 0 else Decimal("99")
            key = alert_key(AlertKind.LTV_SHORTFALL, "vehicle", car["id"])
            if ltv > rules.ltv_alert:
                high.append(AlertSpec(AlertKind.LTV_SHORTFALL, key, at, loan_id=car["loan_id"], vehicle_id=car["id"],
                                      opened_on=day, detail={"ltv": str(ltv), "value": str(q[0]),
                                                             "principal": str(principal),
                                                             "threshold": str(rules.ltv_alert)}))
            else:
                fine.append(key)
        with transaction.atomic():
            before = Valuation.objects.filter(as_of=day, method=method, vehicle_id__in=[c["id"] for c in chunk]).count()
            Valuation.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
            valued += len(rows) - before
            opened += alerts_open(high, rules.version)
            closed += alerts_close(fine, at, "LTV back within the threshold", day)
    return RevalueResult(day, method, total, valued, opened, closed)


def _chunks(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


Quote = tuple[Decimal, Decimal, Decimal, str]


def _depreciation_quotes(cars: list[dict[str, Any]], day: date) -> list[Quote]:
    config = DepreciationConfig()
    out: list[Quote] = []
    for car in cars:
        registered = car["first_registered"] or min(date(car["model_year"], 1, 1), day)
        v = depreciated_value(car["new_price"], min(registered, day), day, car["mileage_km"], Segment(car["segment"]),
                              Energy(car["energy"]), Condition(car["condition"]), config)
        out.append((v.value, v.low, v.high, v.config_version))
    return out


@lru_cache(maxsize=2)
def _model(directory: str) -> Any:
    from autolend.vehicles.valuation_artifact import load_model, read_metadata

    meta = read_metadata(Path(directory))
    return load_model(Path(directory)), f"ml:{str(meta.get('model_sha256', ''))[:12]}"


def _ml_quotes(cars: list[dict[str, Any]], day: date) -> list[Quote]:
    from autolend.vehicles.valuation_data import VehicleFacts

    directory = getattr(settings, "AUTOLEND_VALUATION_MODEL", "")
    if not directory:
        raise CollateralError("method", "no ML valuation model is configured (AUTOLEND_VALUATION_MODEL)")
    model, version = _model(str(directory))
    facts = [VehicleFacts(make=c["make"], model=c["model"], year=c["model_year"], mileage_km=float(c["mileage_km"]),
                          fuel=c["energy"]) for c in cars]
    return [(q.value, q.low, q.high, version) for q in model.quote_many(facts, day)]
