"""Mortgage registration (机动车抵押登记) and release (解押) at the vehicle registration office.

requested → submitted → registered → release_requested → released; the office may reject a
submission (rejected: a new request can follow), and a request not yet submitted can be
cancelled. At most one registration per vehicle is open (not released, rejected or cancelled).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import pgettext_lazy


class MortgageStatus(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("collateral", "Requested")
    SUBMITTED = "submitted", pgettext_lazy("collateral", "Submitted to the office")
    REGISTERED = "registered", pgettext_lazy("collateral", "Registered")
    RELEASE_REQUESTED = "release_requested", pgettext_lazy("collateral", "Release requested")
    RELEASED = "released", pgettext_lazy("collateral", "Released")
    REJECTED = "rejected", pgettext_lazy("collateral", "Rejected by the office")
    CANCELLED = "cancelled", pgettext_lazy("collateral", "Cancelled")


CLOSED = (MortgageStatus.RELEASED, MortgageStatus.REJECTED, MortgageStatus.CANCELLED)


class MortgageRegistration(models.Model):
    vehicle = models.ForeignKey("collateral.Vehicle", on_delete=models.PROTECT, related_name="mortgages")
    loan = models.ForeignKey("servicing.Loan", on_delete=models.PROTECT, related_name="mortgages")
    status = models.CharField(max_length=20, choices=MortgageStatus.choices, default=MortgageStatus.REQUESTED)
    requested_on = models.DateField()
    register_due_by = models.DateField()  # disbursement + the configured days
    submitted_on = models.DateField(null=True, blank=True)
    office_reference = models.CharField(max_length=60, blank=True)
    certificate_number = models.CharField(max_length=40, blank=True)  # 登记证书编号 / 抵押登记编号
    registered_on = models.DateField(null=True, blank=True)
    release_requested_on = models.DateField(null=True, blank=True)
    release_due_by = models.DateField(null=True, blank=True)  # payoff + the configured days
    release_reference = models.CharField(max_length=60, blank=True)
    released_on = models.DateField(null=True, blank=True)
    rejected_reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vehicle"], condition=~Q(status__in=[s.value for s in CLOSED]),
                                    name="collateral_mortgage_one_open"),
        ]
        indexes = [models.Index(fields=["status", "register_due_by"], name="collateral_mortgage_queue")]

    def __str__(self) -> str:
        return f"mortgage {self.pk} of vehicle {self.vehicle_id}: {self.status}"
