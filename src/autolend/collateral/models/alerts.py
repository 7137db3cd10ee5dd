"""Collateral alerts (押品预警): the feed for early warning and collections.

One row per alert. ``key`` names what the alert is about (kind + vehicle, device or registration),
and at most one alert per key is open at a time (a partial unique index), so rules can be run
again and again without opening duplicates. Collections reads open alerts by loan and severity.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import pgettext_lazy

from autolend.collateral.kinds import AlertKind, Severity

KIND_LABELS = {
    AlertKind.LTV_SHORTFALL: pgettext_lazy("collateral", "LTV above the threshold"),
    AlertKind.MORTGAGE_NOT_REGISTERED: pgettext_lazy("collateral", "Mortgage not registered in time"),
    AlertKind.MORTGAGE_NOT_RELEASED: pgettext_lazy("collateral", "Mortgage not released in time"),
    AlertKind.GPS_OFFLINE: pgettext_lazy("collateral", "GPS device offline"),
    AlertKind.GPS_TAMPER: pgettext_lazy("collateral", "GPS device tampered with"),
    AlertKind.GPS_POWER_CUT: pgettext_lazy("collateral", "GPS power cut"),
    AlertKind.GPS_OUTSIDE_PROVINCE: pgettext_lazy("collateral", "Outside the declared province"),
    AlertKind.GPS_OUTSIDE_GEOFENCE: pgettext_lazy("collateral", "Outside the geofence"),
    AlertKind.GPS_RISKY_PLACE: pgettext_lazy("collateral", "Long stay at a risky place"),
    AlertKind.GPS_NO_MOVEMENT: pgettext_lazy("collateral", "No movement for days"),
}
SEVERITY_LABELS = {
    Severity.LOW: pgettext_lazy("collateral", "Low"),
    Severity.MEDIUM: pgettext_lazy("collateral", "Medium"),
    Severity.HIGH: pgettext_lazy("collateral", "High"),
    Severity.CRITICAL: pgettext_lazy("collateral", "Critical"),
}


class CollateralAlert(models.Model):
    kind = models.CharField(max_length=32, choices=[(k.value, KIND_LABELS[k]) for k in AlertKind])
    severity = models.CharField(max_length=10, choices=[(s.value, SEVERITY_LABELS[s]) for s in Severity])
    key = models.CharField(max_length=120)
    is_open = models.BooleanField(default=True)
    loan = models.ForeignKey("servicing.Loan", null=True, blank=True, on_delete=models.PROTECT, related_name="collateral_alerts")
    vehicle = models.ForeignKey("collateral.Vehicle", null=True, blank=True, on_delete=models.PROTECT, related_name="alerts")
    device = models.ForeignKey("collateral.GpsDevice", null=True, blank=True, on_delete=models.PROTECT, related_name="alerts")
    opened_at = models.DateTimeField()  # when the evidence was first seen (a point's time, or the check's)
    opened_on = models.DateField(null=True, blank=True)  # the business date of the check, when there is one
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    resolution = models.CharField(max_length=200, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=Q(is_open=True), name="collateral_alert_one_open"),
        ]
        indexes = [
            models.Index(fields=["is_open", "kind"], name="collateral_alert_queue"),
            models.Index(fields=["loan", "is_open"], name="collateral_alert_loan"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} ({'open' if self.is_open else 'closed'})"
