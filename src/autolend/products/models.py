"""The product catalogue: products, their approved versions with effective dates, regulatory caps.

Effective ranges are half-open: a row is in force on day d when ``effective_from <= d`` and
(``effective_to`` is null or ``d < effective_to``); closing a version at the next one's start
date therefore leaves no gap and no overlap. Rates and percentages are percent (8.88 = 8.88%),
amounts Decimal yuan. Rows are written by ``products.services`` (and the caps' data migration).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from autolend.products.choices import (
    CapKind,
    CapScope,
    FeeTreatment,
    PrepaymentMode,
    ProductKind,
    VersionStatus,
)


class Product(models.Model):
    """A product line (its code is what loans and ledger mappings refer to)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=ProductKind.choices)
    name_zh = models.CharField(_("name (Chinese)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=80)
    description_zh = models.CharField(_("description (Chinese)"), max_length=300, blank=True)
    description_en = models.CharField(_("description (English)"), max_length=300, blank=True)
    display_order = models.PositiveSmallIntegerField(_("display order"), default=100)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["display_order", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name_en}"


class ProductVersion(models.Model):
    """One version of a product's terms, approved by a checker other than its maker (双人复核)."""

    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="versions"
    )
    version = models.PositiveIntegerField(_("version"))
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective until (exclusive)"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    # offer terms
    repayment_methods = models.JSONField(_("repayment methods"), default=list)  # first: the default
    terms_months = models.JSONField(_("terms (months)"), default=list)
    rate_min = models.DecimalField(_("minimum annual rate (%)"), max_digits=7, decimal_places=4)
    rate_max = models.DecimalField(_("maximum annual rate (%)"), max_digits=7, decimal_places=4)
    fees = models.JSONField(_("fees"), default=list)  # [{"kind", "charge", "amount", "percent"}]
    fee_treatment = models.CharField(
        _("upfront fees"), max_length=10, choices=FeeTreatment.choices, default=FeeTreatment.DEDUCTED
    )
    min_down_payment_pct = models.DecimalField(
        _("minimum down payment (%)"), default=0, max_digits=7, decimal_places=4
    )
    ltv_caps = models.JSONField(_("LTV caps by vehicle category (%)"), default=dict)
    balloon_max_pct = models.DecimalField(
        _("maximum balloon (% of the loan)"), null=True, blank=True, max_digits=7, decimal_places=4
    )
    options = models.JSONField(_("kind-specific options"), default=dict, blank=True)
    # servicing rules
    penalty_markup_pct = models.DecimalField(
        _("penalty rate markup (%)"), default=50, max_digits=7, decimal_places=4
    )
    penalty_days_in_year = models.PositiveSmallIntegerField(_("penalty days in year"), default=360)
    compound_interest = models.BooleanField(_("compound interest on overdue interest"), default=False)
    allocation_order = models.JSONField(_("payment allocation order"), default=list)
    allocation_strategy = models.CharField(_("allocation strategy"), max_length=20, default="by-installment")
    prepayment_mode = models.CharField(
        _("prepayment"), max_length=20, choices=PrepaymentMode.choices,
        default=PrepaymentMode.REDUCE_INSTALLMENT,
    )
    payoff_current_interest = models.CharField(_("payoff interest"), max_length=20, default="accrued")
    settlement_fee_bands = models.JSONField(_("early-settlement fee bands"), default=list)  # [[up_to|null, "%"]]
    settlement_fee_minimum = models.DecimalField(
        _("minimum early-settlement fee"), default=0, max_digits=14, decimal_places=2
    )
    # schedule settings (kernel.quote.terms_from_request names)
    days_in_year = models.CharField(_("days in year"), max_length=6, default="360")
    days_in_month = models.CharField(_("days in month"), max_length=6, default="30")
    interest_per = models.CharField(_("interest per"), max_length=6, default="period")
    rounding = models.CharField(_("rounding"), max_length=10, default="half-up")
    decimals = models.PositiveSmallIntegerField(_("decimal places"), default=2)
    multiples_of = models.DecimalField(
        _("instalment in multiples of"), null=True, blank=True, max_digits=14, decimal_places=2
    )
    # maker-checker
    note = models.CharField(_("note"), max_length=200, blank=True)
    maker = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("maker"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    checker = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("checker"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("product version")
        verbose_name_plural = _("product versions")
        ordering = ["product__display_order", "product__code", "version"]
        indexes = [models.Index(fields=["product", "status", "effective_from"], name="products_version_in_force")]
        constraints = [
            models.UniqueConstraint(fields=["product", "version"], name="products_version_unique"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gt=F("effective_from")),
                name="products_version_range",
            ),
            models.CheckConstraint(
                condition=Q(rate_min__gte=0) & Q(rate_max__gte=F("rate_min")), name="products_version_rates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product.code} v{self.version}"


class RegulatoryCap(models.Model):
    """A regulatory limit in force over a date range. ``value`` null: the regulation leaves the
    limit to the institution (e.g. self-use LTV since 2024-04-03); ``policy_value`` is then the
    lender's own configured limit (null: no limit)."""

    kind = models.CharField(_("kind"), max_length=20, choices=CapKind.choices)
    scope = models.CharField(_("scope"), max_length=30, choices=CapScope.choices)
    value = models.DecimalField(
        _("regulatory value"), null=True, blank=True, max_digits=7, decimal_places=4
    )
    policy_value = models.DecimalField(
        _("institution policy value"), null=True, blank=True, max_digits=7, decimal_places=4
    )
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective until (exclusive)"), null=True, blank=True)
    source = models.TextField(_("source"))

    class Meta:
        verbose_name = _("regulatory cap")
        verbose_name_plural = _("regulatory caps")
        ordering = ["kind", "scope", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "scope", "effective_from"], name="products_cap_unique"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gt=F("effective_from")),
                name="products_cap_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.scope} {self.value if self.value is not None else 'institution'}"
