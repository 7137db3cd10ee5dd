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

