"""Offers made by a decision and the contract of the accepted one."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 14, "decimal_places": 2}
PERCENT = {"max_digits": 9, "decimal_places": 4}


class Offer(models.Model):
    """One set of terms the applicant may accept (the engine's ``quoting.Offer``)."""

    application = models.ForeignKey("origination.Application", verbose_name=_("application"),
                                    on_delete=models.PROTECT, related_name="offers")
    decision = models.ForeignKey("decisioning.DecisionRecord", verbose_name=_("decision"), on_delete=models.PROTECT,
                                 related_name="+")
    rank = models.PositiveSmallIntegerField(_("rank"))
    label = models.CharField(_("kind"), max_length=12)  # requested / alternative / counter
    term_months = models.PositiveSmallIntegerField(_("term (months)"))
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    down_payment = models.DecimalField(_("down payment (yuan)"), **MONEY)
    annual_rate = models.DecimalField(_("annual rate (%)"), **PERCENT)
    method = models.CharField(_("repayment method"), max_length=20)
    balloon = models.DecimalField(_("balloon (yuan)"), default=0, **MONEY)
    instalment = models.DecimalField(_("monthly instalment (yuan)"), **MONEY)
    fee_upfront = models.DecimalField(_("upfront fees (yuan)"), **MONEY)
    fee_per_installment = models.DecimalField(_("fees per instalment (yuan)"), **MONEY)
    total_interest = models.DecimalField(_("total interest (yuan)"), **MONEY)
    total_fees = models.DecimalField(_("total fees (yuan)"), **MONEY)
    total_cost = models.DecimalField(_("total cost of credit (yuan)"), **MONEY)
    total_repayment = models.DecimalField(_("total to pay (yuan)"), **MONEY)
    apr_simple = models.DecimalField(_("APR, simple (%)"), **PERCENT)
    apr_compound = models.DecimalField(_("APR, compound (%)"), **PERCENT)
    ltv = models.DecimalField(_("loan-to-value (%)"), **PERCENT)
    is_active = models.BooleanField(_("open"), default=True)  # superseded by a later decision: False
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["application", "decision", "rank"]

    def __str__(self) -> str:
        return f"{self.term_months} × {self.instalment} ({self.application_id})"


class ContractStatus(models.TextChoices):
    SENT = "sent", _("Sent for signature")  # 待签署
    SIGNED = "signed", _("Signed")  # 已签署
    VOID = "void", _("Void")  # 已作废


class Contract(models.Model):
    """The loan contract of an accepted offer: the PDF (in storage), its SHA-256, the e-signature."""

    application = models.ForeignKey("origination.Application", verbose_name=_("application"),
                                    on_delete=models.PROTECT, related_name="contracts")
    offer = models.OneToOneField(Offer, verbose_name=_("offer"), on_delete=models.PROTECT, related_name="contract")
    number = models.CharField(_("contract number"), max_length=24, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=ContractStatus.choices, default=ContractStatus.SENT)
    storage_key = models.CharField(_("storage key"), max_length=120)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))
    loan_setup = models.JSONField(_("loan terms"))  # servicing LoanSetup.from_json input
    esign_provider = models.CharField(_("e-signature provider"), max_length=40)
    envelope_id = models.CharField(_("envelope"), max_length=64)
    signature_evidence = models.CharField(_("signature evidence"), max_length=80, blank=True)
    created_at = models.DateTimeField(_("created at"))
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    loan_number = models.CharField(_("loan"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")

    def __str__(self) -> str:
        return self.number
