"""Documents uploaded for an application and stipulations (conditions to meet before signing)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentType(models.TextChoices):
    ID_CARD = "id_card", _("Resident ID card")  # 身份证
    DRIVING_LICENCE = "driving_licence", _("Driving licence")  # 驾驶证
    INCOME_PROOF = "income_proof", _("Proof of income")  # 收入证明
    BANK_STATEMENT = "bank_statement", _("Bank statement")  # 银行流水
    VEHICLE_INVOICE = "vehicle_invoice", _("Vehicle invoice")  # 购车发票
    VEHICLE_REGISTRATION = "vehicle_registration", _("Vehicle registration certificate")  # 机动车登记证书
    PURCHASE_CONTRACT = "purchase_contract", _("Purchase contract")  # 购车合同
    OTHER = "other", _("Other")


class Document(models.Model):
    """A checked file: type and size allowed, content identified by its magic bytes, SHA-256."""

    application = models.ForeignKey("origination.Application", verbose_name=_("application"),
                                    on_delete=models.PROTECT, related_name="documents")
    doc_type = models.CharField(_("type"), max_length=30, choices=DocumentType.choices)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=40)  # detected, not as declared
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    storage_key = models.CharField(_("storage key"), max_length=120)
    stipulation = models.ForeignKey("origination.Stipulation", verbose_name=_("stipulation"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="documents")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return f"{self.doc_type} {self.filename}"


class StipulationStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")  # 待补充
    RECEIVED = "received", _("Received")  # 已收到
    CLEARED = "cleared", _("Cleared")  # 已核实
    WAIVED = "waived", _("Waived")  # 已豁免


class Stipulation(models.Model):
    """A condition the application must meet before the contract is signed (usually a document)."""

    application = models.ForeignKey("origination.Application", verbose_name=_("application"),
                                    on_delete=models.PROTECT, related_name="stipulations")
    doc_type = models.CharField(_("document needed"), max_length=30, choices=DocumentType.choices)
    status = models.CharField(_("status"), max_length=10, choices=StipulationStatus.choices,
                              default=StipulationStatus.REQUESTED)
    note = models.CharField(_("note"), max_length=200, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"))
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("cleared or waived by"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    resolved_at = models.DateTimeField(_("cleared or waived at"), null=True, blank=True)
    resolution_reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("stipulation")
        verbose_name_plural = _("stipulations")
        constraints = [
            models.UniqueConstraint(fields=["application", "doc_type"], name="origination_stip_once_per_type"),
        ]

    def __str__(self) -> str:
        return f"{self.doc_type} {self.status}"
