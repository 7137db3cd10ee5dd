"""Vehicles taken as collateral and their valuations (车辆与估值)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import pgettext_lazy

from autolend.collateral.regions import province_choices

MONEY = {"max_digits": 20, "decimal_places": 2}


class EnergyType(models.TextChoices):
    """Energy type; the values are those of ``vehicles.depreciation.Energy``."""

    ICE = "ice", pgettext_lazy("collateral", "Fuel (ICE)")  # 燃油
    HEV = "hev", pgettext_lazy("collateral", "Hybrid (HEV)")  # 油电混动
    PHEV = "phev", pgettext_lazy("collateral", "Plug-in hybrid (PHEV)")  # 插电混动
    BEV = "bev", pgettext_lazy("collateral", "Battery electric (BEV)")  # 纯电


class VehicleUse(models.TextChoices):
    SELF_USE = "self_use", pgettext_lazy("collateral", "Self use")  # 自用
    COMMERCIAL = "commercial", pgettext_lazy("collateral", "Commercial")  # 商用


class Segment(models.TextChoices):
    """Market segment; the values are those of ``vehicles.depreciation.Segment``."""

    ECONOMY = "economy", pgettext_lazy("collateral", "Economy")
    MIDSIZE = "midsize", pgettext_lazy("collateral", "Midsize")
    LUXURY = "luxury", pgettext_lazy("collateral", "Luxury")
    SUV = "suv", pgettext_lazy("collateral", "SUV")
    MPV = "mpv", pgettext_lazy("collateral", "MPV")
    PICKUP = "pickup", pgettext_lazy("collateral", "Pickup")
    COMMERCIAL = "commercial", pgettext_lazy("collateral", "Commercial vehicle")


class ConditionGrade(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D"
    E = "E", "E"


class Vehicle(models.Model):
    """A car behind a loan. ``declared_province`` and the geofence (centre, radius) are where the
    borrower said the car is used; the GPS area rules compare the tracks with them."""

    vin = models.CharField(pgettext_lazy("collateral", "VIN"), max_length=17, unique=True)
    make = models.CharField(pgettext_lazy("collateral", "make"), max_length=60)
    model = models.CharField(pgettext_lazy("collateral", "model"), max_length=80)
    model_year = models.PositiveSmallIntegerField(pgettext_lazy("collateral", "model year"))
    energy = models.CharField(pgettext_lazy("collateral", "energy type"), max_length=8, choices=EnergyType.choices, default=EnergyType.ICE)
    use = models.CharField(pgettext_lazy("collateral", "use"), max_length=12, choices=VehicleUse.choices, default=VehicleUse.SELF_USE)
    segment = models.CharField(pgettext_lazy("collateral", "segment"), max_length=12, choices=Segment.choices, default=Segment.ECONOMY)
    plate = models.CharField(pgettext_lazy("collateral", "plate number"), max_length=16, blank=True)
    new_price = models.DecimalField(pgettext_lazy("collateral", "new price (yuan)"), **MONEY)  # type: ignore[call-overload]
    first_registered = models.DateField(pgettext_lazy("collateral", "first registered"), null=True, blank=True)
    mileage_km = models.PositiveIntegerField(pgettext_lazy("collateral", "mileage (km)"), default=0)
    condition = models.CharField(pgettext_lazy("collateral", "condition"), max_length=1, choices=ConditionGrade.choices, default="B")
    loan = models.ForeignKey("servicing.Loan", null=True, blank=True, on_delete=models.PROTECT, related_name="vehicles")
    declared_province = models.CharField(pgettext_lazy("collateral", "declared province"), max_length=6, blank=True, choices=province_choices())
    fence_lat = models.FloatField(null=True, blank=True)
    fence_lon = models.FloatField(null=True, blank=True)
    fence_radius_m = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = pgettext_lazy("collateral", "vehicle")

    def __str__(self) -> str:
        return f"{self.vin} {self.make} {self.model}"


class ValuationMethod(models.TextChoices):
    DEPRECIATION = "depreciation", pgettext_lazy("collateral", "Depreciation curve")
    ML = "ml", pgettext_lazy("collateral", "ML model")
    APPRAISAL = "appraisal", pgettext_lazy("collateral", "Appraisal")


class Valuation(models.Model):
    """A value of the car on ``as_of`` (yuan), with its range and the model version used."""

    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="valuations")
    as_of = models.DateField()
    method = models.CharField(max_length=12, choices=ValuationMethod.choices)
    value = models.DecimalField(**MONEY)  # type: ignore[call-overload]
    low = models.DecimalField(**MONEY)  # type: ignore[call-overload]
    high = models.DecimalField(**MONEY)  # type: ignore[call-overload]
    model_version = models.CharField(max_length=80)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["vehicle", "as_of", "method"], name="collateral_valuation_once")]
        indexes = [models.Index(fields=["vehicle", "-as_of"], name="collateral_valuation_latest")]

    def __str__(self) -> str:
        return f"{self.vehicle_id} {self.method} {self.value} on {self.as_of}"
