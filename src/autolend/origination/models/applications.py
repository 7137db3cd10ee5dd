"""A credit application (贷款申请): who, through which channel, for which car and terms, in which state.

The state machine is ``origination.states``; every move is audited. The applicant's declared
figures (income, tenure, mobile, device) are kept on the application as given, so a decision can
be reproduced even after the borrower's record changes. Money is Decimal yuan.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 14, "decimal_places": 2}


class ApplicationChannel(models.TextChoices):
    BORROWER_WEB = "borrower_web", _("Borrower web")
    DEALER_PORTAL = "dealer_portal", _("Dealer portal")
    PARTNER_API = "partner_api", _("Partner API")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")  # 草稿
    SUBMITTED = "submitted", _("Submitted")  # 已提交
    APPROVED = "approved", _("Approved")  # 已批准
    REFERRED = "referred", _("Referred for review")  # 转人工审核
    DECLINED = "declined", _("Declined")  # 已拒绝
    OFFER_ACCEPTED = "offer_accepted", _("Offer accepted")  # 已接受方案
    CONTRACT_SIGNED = "contract_signed", _("Contract signed")  # 已签约
    BOOKED = "booked", _("Booked")  # 已入账（待放款）
    WITHDRAWN = "withdrawn", _("Withdrawn")  # 已撤回
    EXPIRED = "expired", _("Expired")  # 已过期


class VehicleCondition(models.TextChoices):
    NEW = "new", _("New")
    USED = "used", _("Used")


class VehicleUse(models.TextChoices):
    SELF_USE = "self_use", _("Self-use")  # 自用
    COMMERCIAL = "commercial", _("Commercial")  # 商用


class Application(models.Model):
    number = models.CharField(_("number"), max_length=20, unique=True)
    channel = models.CharField(_("channel"), max_length=20, choices=ApplicationChannel.choices)
    status = models.CharField(_("status"), max_length=20, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.DRAFT)
    borrower = models.ForeignKey("parties.Borrower", verbose_name=_("borrower"), on_delete=models.PROTECT,
                                 related_name="applications")
    dealer = models.ForeignKey("parties.Dealer", verbose_name=_("dealer"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="applications")
    product_code = models.CharField(_("product"), max_length=40)
    product_version = models.ForeignKey("products.ProductVersion", verbose_name=_("product version"), null=True,
                                        blank=True, on_delete=models.PROTECT, related_name="+")
    # the applicant as declared on this application
    mobile = models.CharField(_("mobile number"), max_length=11, db_index=True)
    monthly_income = models.DecimalField(_("monthly income (yuan)"), null=True, blank=True, **MONEY)
    employment_years = models.DecimalField(_("years with the current employer"), max_digits=4, decimal_places=1,
                                           null=True, blank=True)
    device_id = models.CharField(_("device"), max_length=64, blank=True, db_index=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    # the vehicle
    vin = models.CharField(_("VIN"), max_length=17, db_index=True)
    vehicle_make = models.CharField(_("make"), max_length=40)
    vehicle_model = models.CharField(_("model"), max_length=60)
    vehicle_year = models.PositiveSmallIntegerField(_("model year"))
    vehicle_condition = models.CharField(_("new or used"), max_length=4, choices=VehicleCondition.choices)
    new_energy = models.BooleanField(_("new-energy vehicle"), default=False)
    vehicle_use = models.CharField(_("use"), max_length=12, choices=VehicleUse.choices, default=VehicleUse.SELF_USE)
    mileage_km = models.PositiveIntegerField(_("mileage (km)"), default=0)
    new_price = models.DecimalField(_("new price (yuan)"), null=True, blank=True, **MONEY)  # used cars: the MSRP
    valuation = models.DecimalField(_("valuation (yuan)"), null=True, blank=True, **MONEY)
    valuation_source = models.CharField(_("valuation source"), max_length=40, blank=True)
    # the purchase
    vehicle_price = models.DecimalField(_("price (yuan)"), **MONEY)
    down_payment = models.DecimalField(_("down payment (yuan)"), **MONEY)
    amount = models.DecimalField(_("amount requested (yuan)"), **MONEY)
    term_months = models.PositiveSmallIntegerField(_("term (months)"))
    # lifecycle
    applied_on = models.DateField(_("business date of application"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    expires_on = models.DateField(_("offers valid until"), null=True, blank=True)
    outcome = models.CharField(_("engine outcome"), max_length=10, blank=True)  # approve / refer / decline
    partner_token = models.ForeignKey("origination.PartnerToken", verbose_name=_("partner token"), null=True,
                                      blank=True, on_delete=models.PROTECT, related_name="applications")
    external_reference = models.CharField(_("partner's reference"), max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [
            models.Index(fields=["status", "-created_at"], name="origination_app_status"),
            models.Index(fields=["borrower", "applied_on"], name="origination_app_borrower"),
            models.Index(fields=["dealer", "applied_on"], name="origination_app_dealer"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0) & Q(down_payment__gte=0) & Q(vehicle_price__gt=0),
                                   name="origination_app_amounts"),
            models.UniqueConstraint(fields=["partner_token", "external_reference"],
                                    condition=~Q(external_reference=""), name="origination_app_partner_ref"),
        ]

    def __str__(self) -> str:
        return self.number
