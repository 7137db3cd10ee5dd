"""GPS trackers (GPS定位设备), their install records, telemetry points, rule state, risky places."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MONEY = {"max_digits": 20, "decimal_places": 2}


class DeviceKind(models.TextChoices):
    WIRED = "wired", pgettext_lazy("collateral", "Wired")  # 有线, powered by the car
    WIRELESS = "wireless", pgettext_lazy("collateral", "Wireless")  # 无线, battery, hidden


class DeviceStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    REMOVED = "removed", pgettext_lazy("collateral", "Removed")


class GpsDevice(models.Model):
    vehicle = models.ForeignKey("collateral.Vehicle", on_delete=models.PROTECT, related_name="gps_devices")
    external_id = models.CharField(max_length=40, unique=True)  # IMEI / the provider's device id
    kind = models.CharField(max_length=10, choices=DeviceKind.choices)
    status = models.CharField(max_length=10, choices=DeviceStatus.choices, default=DeviceStatus.ACTIVE)
    installed_on = models.DateField()
    removed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.kind} {self.external_id}"


class GpsInstall(models.Model):
    """An installation or removal of a device: who, where in the car, the fee charged (yuan)."""

    device = models.ForeignKey(GpsDevice, on_delete=models.PROTECT, related_name="installs")
    action = models.CharField(max_length=10)  # install | remove
    on = models.DateField()
    technician = models.CharField(max_length=80, blank=True)
    position = models.CharField(max_length=80, blank=True)  # e.g. "under the dashboard"
    fee = models.DecimalField(default=0, **MONEY)  # type: ignore[call-overload]
    note = models.CharField(max_length=200, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.action} {self.device_id} on {self.on}"


class GpsPoint(models.Model):
    """One telemetry point. (device, recorded_at) is unique: a retried webhook stores nothing twice."""

    id = models.BigAutoField(primary_key=True)
    device = models.ForeignKey(GpsDevice, on_delete=models.PROTECT, related_name="+", db_index=False)
    recorded_at = models.DateTimeField()
    lat = models.FloatField()
    lon = models.FloatField()
    speed_kmh = models.FloatField(default=0)
    ignition = models.BooleanField(default=False)
    power = models.CharField(max_length=8, default="main")  # main | battery | cut
    tamper = models.BooleanField(default=False)
    received_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["device", "recorded_at"], name="collateral_gps_point_once")]

    def __str__(self) -> str:
        return f"{self.device_id} @ {self.recorded_at}"


class RiskPlaceKind(models.TextChoices):
    USED_CAR_MARKET = "used_car_market", pgettext_lazy("collateral", "Second-hand car market")  # 二手车市场
    PAWNSHOP = "pawnshop", pgettext_lazy("collateral", "Pawnshop")  # 典当行
    OTHER = "other", pgettext_lazy("collateral", "Other")


class RiskPlace(models.Model):
    """A listed place where a long stay suggests the car is being sold or pawned."""

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=RiskPlaceKind.choices)
    city = models.CharField(max_length=40, blank=True)
    lat = models.FloatField()
    lon = models.FloatField()
    radius_m = models.FloatField(default=300)
    active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.name


class GpsDeviceState(models.Model):
    """What the rules remember of a device between batches (see ``gps_rules.DeviceState``)."""

    device = models.OneToOneField(GpsDevice, primary_key=True, on_delete=models.PROTECT, related_name="state")
    last_seen_at = models.DateTimeField(null=True, blank=True)
    anchor_lat = models.FloatField(null=True, blank=True)
    anchor_lon = models.FloatField(null=True, blank=True)
    last_moved_at = models.DateTimeField(null=True, blank=True)
    place = models.ForeignKey(RiskPlace, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    place_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["last_seen_at"], name="collateral_gps_last_seen"),
            models.Index(fields=["last_moved_at"], name="collateral_gps_last_moved"),
        ]

    def __str__(self) -> str:
        return f"state of {self.device_id}"
