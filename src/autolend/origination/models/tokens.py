"""API tokens of partners (channel partners submitting applications by API).

Only the SHA-256 of a token is stored; the token itself is shown once, when issued. A token may
act for one dealer (its applications are that dealer's). Revocation keeps the row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerToken(models.Model):
    name = models.CharField(_("partner"), max_length=100)
    prefix = models.CharField(_("token prefix"), max_length=12)  # shown in lists to tell tokens apart
    token_hash = models.CharField(_("token SHA-256"), max_length=64, unique=True)
    dealer = models.ForeignKey("parties.Dealer", verbose_name=_("dealer"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="partner_tokens")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("issued at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("partner API token")
        verbose_name_plural = _("partner API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
