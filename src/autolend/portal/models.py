"""The borrower portal's own rows: one-time codes sent by SMS and the devices a borrower trusts.

A code is stored only as a salted HMAC-SHA256 (``code_hash``), with its expiry and the number of
wrong tries; a newer code for the same phone and purpose replaces the older ones. A trusted device
is a random token kept in a signed cookie; only its SHA-256 is stored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CodePurpose(models.TextChoices):
    REGISTER = "register", _("Registration")
    LOGIN = "login", _("Sign-in on a new device")
    SIGN = "sign", _("Contract signature")


class PhoneCode(models.Model):
    phone = models.CharField(_("mobile number"), max_length=11)
    purpose = models.CharField(_("purpose"), max_length=10, choices=CodePurpose.choices)
    salt = models.CharField(max_length=32)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    replaced = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["phone", "purpose", "-created_at"], name="portal_code_phone")]

    def __str__(self) -> str:
        return f"{self.purpose} code for …{self.phone[-4:]}"


class TrustedDevice(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portal_devices")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"device of {self.user_id}"
