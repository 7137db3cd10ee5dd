"""Pledge custody (质押): the car, its keys and its registration certificate in the lender's hands.

A pledge is taken in with an inspection (photos, mileage, condition) at a storage location; the
custody log records every hand-over of each item (in or out, who, when). Storage fees accrue by
the day at ``daily_fee`` and are tracked here for billing (see ``services.pledge``): they are
collected from the borrower at release, or deducted from the proceeds on disposal.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import pgettext_lazy

from autolend.collateral.models.vehicles import ConditionGrade

MONEY = {"max_digits": 20, "decimal_places": 2}


class PledgeStatus(models.TextChoices):
    IN_CUSTODY = "in_custody", pgettext_lazy("collateral", "In custody")
    RELEASED = "released", pgettext_lazy("collateral", "Released")
    IN_DISPOSAL = "in_disposal", pgettext_lazy("collateral", "In disposal")
    DISPOSED = "disposed", pgettext_lazy("collateral", "Disposed")


class Pledge(models.Model):
    vehicle = models.ForeignKey("collateral.Vehicle", on_delete=models.PROTECT, related_name="pledges")
    loan = models.ForeignKey("servicing.Loan", on_delete=models.PROTECT, related_name="pledges")
    status = models.CharField(max_length=12, choices=PledgeStatus.choices, default=PledgeStatus.IN_CUSTODY)
    location = models.CharField(pgettext_lazy("collateral", "storage location"), max_length=120)
    intake_on = models.DateField()
    mileage_km = models.PositiveIntegerField()
    condition = models.CharField(max_length=1, choices=ConditionGrade.choices)
    inspection_notes = models.TextField(blank=True)
    daily_fee = models.DecimalField(**MONEY)  # type: ignore[call-overload]  # yuan a day
    released_on = models.DateField(null=True, blank=True)
    disposed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vehicle"], condition=Q(status__in=["in_custody", "in_disposal"]),
                                    name="collateral_pledge_one_active"),
        ]

    def __str__(self) -> str:
        return f"pledge {self.pk} of vehicle {self.vehicle_id}: {self.status}"


class CollateralDocument(models.Model):
    """A file about a vehicle (an inspection photo…), stored by its SHA-256 under the files root."""

    vehicle = models.ForeignKey("collateral.Vehicle", on_delete=models.PROTECT, related_name="documents")
    pledge = models.ForeignKey(Pledge, null=True, blank=True, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=20, default="photo")  # photo | inspection_report | other
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    path = models.CharField(max_length=200)  # relative to conf.document_root()
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.name} ({self.sha256[:12]})"


class CustodyItem(models.TextChoices):
    CAR = "car", pgettext_lazy("collateral", "Car")
    KEYS = "keys", pgettext_lazy("collateral", "Keys")
    REGISTRATION_CERTIFICATE = "registration_certificate", pgettext_lazy("collateral", "Registration certificate")  # 机动车登记证书


class CustodyDirection(models.TextChoices):
    IN = "in", pgettext_lazy("collateral", "Received")
    OUT = "out", pgettext_lazy("collateral", "Handed over")


class CustodyLog(models.Model):
    """One hand-over of one item. The item is held while its last entry is ``in``."""

    vehicle = models.ForeignKey("collateral.Vehicle", on_delete=models.PROTECT, related_name="custody_log")
    pledge = models.ForeignKey(Pledge, null=True, blank=True, on_delete=models.PROTECT, related_name="custody_log")
    item = models.CharField(max_length=24, choices=CustodyItem.choices)
    direction = models.CharField(max_length=3, choices=CustodyDirection.choices)
    on = models.DateField()  # business date
    at = models.DateTimeField()  # when it was recorded
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    counterparty = models.CharField(max_length=120, blank=True)  # who handed it over or took it
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [models.Index(fields=["vehicle", "item", "id"], name="collateral_custody_item")]

    def __str__(self) -> str:
        return f"{self.item} {self.direction} on {self.on}"


class StorageFeePayment(models.Model):
    """Storage fees collected from the borrower (or waived), with the journal entry when collected."""

    pledge = models.ForeignKey(Pledge, on_delete=models.PROTECT, related_name="fee_payments")
    amount = models.DecimalField(**MONEY)  # type: ignore[call-overload]
    waived = models.BooleanField(default=False)
    paid_on = models.DateField()
    journal_entry = models.OneToOneField("ledger.JournalEntry", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"storage fee {self.amount} for pledge {self.pledge_id}"
