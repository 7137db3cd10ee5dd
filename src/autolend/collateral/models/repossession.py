"""Repossession (收车) and remarketing (处置): order → agent → recovered → listed → sold → settled.

The costs of recovering, storing and selling the car are deducted from the gross sale price
(《民法典》第三百八十九条: the security covers the costs of keeping the collateral and of
enforcing the security); the net proceeds are applied to the loan through servicing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from autolend.collateral.models.vehicles import ConditionGrade

MONEY = {"max_digits": 20, "decimal_places": 2}
OPTIONAL_MONEY = {**MONEY, "null": True, "blank": True}


class RepossessionStatus(models.TextChoices):
    ORDERED = "ordered", pgettext_lazy("collateral", "Ordered")
    ASSIGNED = "assigned", pgettext_lazy("collateral", "Agent assigned")
    RECOVERED = "recovered", pgettext_lazy("collateral", "Recovered")
    LISTED = "listed", pgettext_lazy("collateral", "Listed for sale")
    SOLD = "sold", pgettext_lazy("collateral", "Sold")
    SETTLED = "settled", pgettext_lazy("collateral", "Proceeds applied")
    CLOSED = "closed", pgettext_lazy("collateral", "Closed")
    CANCELLED = "cancelled", pgettext_lazy("collateral", "Cancelled")


class SettlementOutcome(models.TextChoices):
    PAID_IN_FULL = "paid_in_full", pgettext_lazy("collateral", "Paid in full")  # any surplus refunded
    SURPLUS_HELD = "surplus_held", pgettext_lazy("collateral", "Surplus held for the borrower")
    DEFICIENCY_OWED = "deficiency_owed", pgettext_lazy("collateral", "Deficiency still owed")
    DEFICIENCY_WRITE_OFF = "deficiency_write_off", pgettext_lazy("collateral", "Deficiency to be written off")
    DEFICIENCY_WRITTEN_OFF = "deficiency_written_off", pgettext_lazy("collateral", "Deficiency written off")
    RECOVERY = "recovery", pgettext_lazy("collateral", "Recovery on a written-off loan")


OPEN = ("ordered", "assigned", "recovered", "listed", "sold", "settled")


class RepossessionOrder(models.Model):
    loan = models.ForeignKey("servicing.Loan", on_delete=models.PROTECT, related_name="repossessions")
    vehicle = models.ForeignKey("collateral.Vehicle", on_delete=models.PROTECT, related_name="repossessions")
    pledge = models.ForeignKey("collateral.Pledge", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=RepossessionStatus.choices, default=RepossessionStatus.ORDERED)
    reason = models.CharField(max_length=200)
    ordered_on = models.DateField()
    ordered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    agent_name = models.CharField(max_length=120, blank=True)
    assigned_on = models.DateField(null=True, blank=True)
    recovered_on = models.DateField(null=True, blank=True)
    recovered_condition = models.CharField(max_length=1, choices=ConditionGrade.choices, blank=True)
    recovered_mileage_km = models.PositiveIntegerField(null=True, blank=True)
    storage_location = models.CharField(max_length=120, blank=True)
    settled_on = models.DateField(null=True, blank=True)
    gross_proceeds = models.DecimalField(**OPTIONAL_MONEY)  # type: ignore[call-overload]
    costs = models.DecimalField(**OPTIONAL_MONEY)  # type: ignore[call-overload]
    net_proceeds = models.DecimalField(**OPTIONAL_MONEY)  # type: ignore[call-overload]
    surplus = models.DecimalField(**OPTIONAL_MONEY)  # type: ignore[call-overload]
    deficiency = models.DecimalField(**OPTIONAL_MONEY)  # type: ignore[call-overload]
    outcome = models.CharField(max_length=24, choices=SettlementOutcome.choices, blank=True)
    settlement = models.JSONField(default=dict, blank=True)  # servicing transactions, quote, write-off request
    closed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vehicle"], condition=Q(status__in=OPEN), name="collateral_repo_one_open"),
        ]
        indexes = [models.Index(fields=["status"], name="collateral_repo_status")]

    def __str__(self) -> str:
        return f"repossession {self.pk} of {self.loan_id}: {self.status}"


class CostKind(models.TextChoices):
    AGENT_FEE = "agent_fee", pgettext_lazy("collateral", "Recovery agent fee")  # 收车佣金
    TOWING = "towing", pgettext_lazy("collateral", "Towing")  # 拖车费
    STORAGE = "storage", pgettext_lazy("collateral", "Storage")  # 停车费
    AUCTION_FEE = "auction_fee", pgettext_lazy("collateral", "Auction fee")  # 拍卖佣金
    REPAIR = "repair", pgettext_lazy("collateral", "Repair and preparation")  # 整备
    OTHER = "other", pgettext_lazy("collateral", "Other")


class RepossessionCost(models.Model):
    order = models.ForeignKey(RepossessionOrder, on_delete=models.PROTECT, related_name="cost_items")
    kind = models.CharField(max_length=12, choices=CostKind.choices)
    amount = models.DecimalField(**MONEY)  # type: ignore[call-overload]
    incurred_on = models.DateField()
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.kind} {self.amount}"


class ListingChannel(models.TextChoices):
    AUCTION = "auction", pgettext_lazy("collateral", "Auction")  # 拍卖
    DEALER = "dealer", _("Dealer")  # 车商收购
    ONLINE = "online", pgettext_lazy("collateral", "Online platform")  # 线上平台


class ListingStatus(models.TextChoices):
    LISTED = "listed", pgettext_lazy("collateral", "Listed")
    SOLD = "sold", pgettext_lazy("collateral", "Sold")
    WITHDRAWN = "withdrawn", pgettext_lazy("collateral", "Withdrawn")


class RemarketingListing(models.Model):
    order = models.ForeignKey(RepossessionOrder, on_delete=models.PROTECT, related_name="listings")
    channel = models.CharField(max_length=10, choices=ListingChannel.choices)
    reserve_price = models.DecimalField(**MONEY)  # type: ignore[call-overload]
    listed_on = models.DateField()
    status = models.CharField(max_length=10, choices=ListingStatus.choices, default=ListingStatus.LISTED)
    sale_price = models.DecimalField(**OPTIONAL_MONEY)  # type: ignore[call-overload]
    buyer_name = models.CharField(max_length=120, blank=True)
    sale_reference = models.CharField(max_length=80, blank=True)
    sold_on = models.DateField(null=True, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["order"], condition=Q(status="listed"), name="collateral_listing_one_live"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} listing {self.pk}: {self.status}"
