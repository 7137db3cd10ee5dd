"""Dealer commission rates (经销商佣金费率): a percentage of the principal of each loan a dealer
brought, paid for the month the loan was disbursed.

A rate is effective-dated per product; a row with a dealer overrides the default row (no dealer)
for that dealer. Without any row, ``AUTOLEND_DEALER_COMMISSION_PCT`` applies (``commission``).
Rows are written by ``services.commission_rate_set`` only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CommissionRate(models.Model):
    """Commission in percent of the disbursed principal, from ``effective_from`` on."""

    dealer = models.ForeignKey("parties.Dealer", verbose_name=_("dealer"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")  # null: every dealer
    product_code = models.CharField(_("product"), max_length=40)
    rate_pct = models.DecimalField(_("commission (% of principal)"), max_digits=7, decimal_places=4)
    effective_from = models.DateField(_("effective from"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("dealer commission rate")
        verbose_name_plural = _("dealer commission rates")
        constraints = [
            models.UniqueConstraint(fields=["dealer", "product_code", "effective_from"],
                                    name="dealer_commission_rate_unique"),
            models.UniqueConstraint(fields=["product_code", "effective_from"], condition=Q(dealer__isnull=True),
                                    name="dealer_commission_default_unique"),
            models.CheckConstraint(condition=Q(rate_pct__gte=0) & Q(rate_pct__lte=100),
                                   name="dealer_commission_rate_range"),
        ]

    def __str__(self) -> str:
        return f"{self.product_code} {self.rate_pct}% ({self.dealer_id or 'default'})"
