"""Users and their roles (用户与角色)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a person does on the platform; decides which screens and actions they get."""

    BORROWER = "borrower", _("Borrower")  # 借款人
    DEALER = "dealer", _("Dealer")  # 经销商
    UNDERWRITER = "underwriter", _("Underwriter")  # 审批员
    SENIOR_UNDERWRITER = "senior_underwriter", _("Senior underwriter")  # 高级审批员
    OPERATIONS = "operations", _("Operations")  # 运营
    FINANCE = "finance", _("Finance")  # 财务
    COLLECTOR = "collector", _("Collector")  # 催收员
    RISK_MANAGER = "risk_manager", _("Risk manager")  # 风险经理
    AUDITOR = "auditor", _("Auditor")  # 审计
    ADMIN = "admin", _("Administrator")  # 管理员


class User(AbstractUser):
    """A login. Borrower and dealer details live in `parties`, not here."""

    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.BORROWER)
    phone = models.CharField(_("phone number"), max_length=32, blank=True)



class LoginAttempt(models.Model):
    """One sign-in attempt (password or two-factor code), kept for the lockout (identity/lockout.py).

    ``username`` is as typed, lower-cased (the account may not exist); ``refused`` attempts came in
    while locked and do not extend the lock. Only ``succeeded`` (a finished sign-in) resets the
    count: a staff password alone (``passed``) does not, or it would reset the guessing of codes.
    """

    class Kind(models.TextChoices):
        PASSWORD = "password", _("Password")
        CODE = "code", _("Two-factor code")

    class Outcome(models.TextChoices):
        SUCCEEDED = "succeeded", _("Succeeded")
        PASSED = "passed", _("Password accepted, code to follow")  # staff: not yet signed in
        FAILED = "failed", _("Failed")
        REFUSED = "refused", _("Refused while locked")

    at = models.DateTimeField(_("at"))
    username = models.CharField(_("username"), max_length=150)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)

    class Meta:
        verbose_name = _("sign-in attempt")
        indexes = [
            models.Index(fields=["username", "at"], name="identity_attempt_user_at"),
            models.Index(fields=["ip", "at"], name="identity_attempt_ip_at"),
        ]

    def __str__(self) -> str:
        return f"{self.username} {self.kind} {self.outcome} {self.at:%Y-%m-%d %H:%M:%S}"
