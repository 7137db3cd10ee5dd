"""Borrowers and dealers with their KYC data, dealer staff, consents and identity checks.

Rows are written only by ``parties.services``; identifiers are stored normalised (upper-case
resident ID and USCC, 11-digit mobile). Money is Decimal yuan.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class KycStatus(models.TextChoices):
    PENDING = "pending", _("Not verified")  # 待核验
    VERIFIED = "verified", _("Verified")  # 已核验: the identity check matched
    FAILED = "failed", _("Verification failed")  # 核验不一致


class Borrower(models.Model):
    """A person who applies for credit (借款人). Birth date and sex are derived from the ID."""

    name = models.CharField(_("name"), max_length=50)
    resident_id = models.CharField(_("resident ID number"), max_length=18, unique=True)
    birth_date = models.DateField(_("birth date"))
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    id_province = models.CharField(_("province of the ID"), max_length=20, blank=True)
    mobile = models.CharField(_("mobile number"), max_length=11, db_index=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    employer = models.CharField(_("employer"), max_length=100, blank=True)
    monthly_income = models.DecimalField(_("monthly income (yuan)"), max_digits=14, decimal_places=2, default=0)
    bank_card = models.CharField(_("bank card number"), max_length=19, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user account"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="borrower",
    )
    kyc_status = models.CharField(_("KYC status"), max_length=10, choices=KycStatus.choices, default=KycStatus.PENDING)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("borrower")
        verbose_name_plural = _("borrowers")
        constraints = [
            models.CheckConstraint(condition=Q(monthly_income__gte=0), name="parties_borrower_income_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.resident_id[:4]}…{self.resident_id[-4:]})"


class DealerStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")


class Dealer(models.Model):
    """A car dealer (经销商) that brings applications and receives the loan payout."""

    name = models.CharField(_("name"), max_length=100)
    uscc = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    bank_account_name = models.CharField(_("account name"), max_length=100)
    bank_account_number = models.CharField(_("account number"), max_length=32)
    bank_name = models.CharField(_("bank"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    province = models.CharField(_("province"), max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=DealerStatus.choices, default=DealerStatus.ACTIVE)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("dealer")
        verbose_name_plural = _("dealers")

    def __str__(self) -> str:
        return self.name


class DealerStaff(models.Model):
    """A login (role dealer) that works for a dealer."""

    dealer = models.ForeignKey(Dealer, verbose_name=_("dealer"), on_delete=models.PROTECT, related_name="staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user account"), on_delete=models.PROTECT,
        related_name="dealer_memberships",
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("dealer staff member")
        verbose_name_plural = _("dealer staff")
        constraints = [models.UniqueConstraint(fields=["dealer", "user"], name="parties_dealer_staff_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.dealer}"


class ConsentKind(models.TextChoices):
    CREDIT_PULL = "credit_pull", _("Credit report authorization")  # 征信授权书
    PRIVACY = "privacy", _("Personal information processing")  # 个人信息处理授权
    E_SIGN = "e_sign", _("Electronic signature")  # 电子签名授权
    AUTO_DEBIT = "auto_debit", _("Automatic debit")  # 代扣授权


class Channel(models.TextChoices):
    WEB = "web", _("Borrower web")
    DEALER = "dealer", _("Dealer")
    API = "api", _("Partner API")


class ConsentRecord(models.Model):
    """What the borrower agreed to (the text's version and SHA-256), when, where; and revocation."""

    borrower = models.ForeignKey(Borrower, verbose_name=_("borrower"), on_delete=models.PROTECT, related_name="consents")
    kind = models.CharField(_("kind"), max_length=20, choices=ConsentKind.choices)
    text_version = models.CharField(_("text version"), max_length=40)
    text_hash = models.CharField(_("text SHA-256"), max_length=64)
    granted_at = models.DateTimeField(_("granted at"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = models.CharField(_("reason for revocation"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [models.Index(fields=["borrower", "kind"], name="parties_consent_borrower_kind")]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_at__gte=models.F("granted_at")),
                name="parties_consent_revoked_after_granted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} v{self.text_version} ({self.borrower_id})"


class IdentityResult(models.TextChoices):
    MATCH = "match", _("Match")
    MISMATCH = "mismatch", _("Mismatch")
    ERROR = "error", _("No answer")


class IdentityCheck(models.Model):
    """One three- or four-factor identity check (三要素 / 四要素) and the provider's answer."""

    borrower = models.ForeignKey(
        Borrower, verbose_name=_("borrower"), on_delete=models.PROTECT, related_name="identity_checks"
    )
    provider = models.CharField(_("provider"), max_length=40)
    result = models.CharField(_("result"), max_length=10, choices=IdentityResult.choices)
    factors = models.JSONField(_("factors checked"), default=list)  # ["name", "resident_id", "mobile", ...]
    mismatched = models.JSONField(_("factors not matching"), default=list)
    reference = models.CharField(_("provider reference"), max_length=64, blank=True)
    message = models.CharField(_("message"), max_length=200, blank=True)
    checked_at = models.DateTimeField(_("checked at"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )

    class Meta:
        verbose_name = _("identity check")
        verbose_name_plural = _("identity checks")

    def __str__(self) -> str:
        return f"{self.provider} {self.result} ({self.borrower_id})"
