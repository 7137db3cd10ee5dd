"""Decision records, policy versions, the blacklist and underwriters' review actions.

A ``DecisionRecord`` is immutable once written: the input snapshot, every rule hit, the model
and policy versions, PD, grade, reasons and offers. ``decisioning.services.decision_replay``
recomputes a record from its snapshot and compares. Rows are written only by
``decisioning.services`` (and the policy's data migration).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REFER = "refer", _("Refer")
    DECLINE = "decline", _("Decline")


class PolicyVersion(models.Model):
    """The policy rules (``engine.rules.PolicyRules`` JSON) in force over a date range (half-open)."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective until (exclusive)"), null=True, blank=True)
    rules = models.JSONField(_("rules"), default=dict)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        constraints = [
            models.CheckConstraint(condition=Q(effective_to__isnull=True) | Q(effective_to__gt=F("effective_from")),
                                   name="decisioning_policy_range"),
        ]

    def __str__(self) -> str:
        return f"policy v{self.version}"


class BlacklistKind(models.TextChoices):
    RESIDENT_ID = "resident_id", _("Resident ID")
    MOBILE = "mobile", _("Mobile number")
    DEVICE = "device", _("Device")
    VIN = "vin", _("VIN")


class BlacklistEntry(models.Model):
    """An identifier we do not lend to (fraud, court enforcement lists); removal keeps the row."""

    kind = models.CharField(_("kind"), max_length=20, choices=BlacklistKind.choices)
    value = models.CharField(_("value"), max_length=64)
    reason = models.CharField(_("reason"), max_length=200)
    added_at = models.DateTimeField(_("added at"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("blacklist entry")
        verbose_name_plural = _("blacklist")
        indexes = [models.Index(fields=["kind", "value"], name="decisioning_blacklist_lookup")]

    def __str__(self) -> str:
        return f"{self.kind} {self.value}"


class DecisionRecord(models.Model):
    """One run of the decision engine on one application (there may be several: a re-decision)."""

    application = models.ForeignKey("origination.Application", verbose_name=_("application"),
                                    on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    as_of = models.DateField(_("business date"))
    input_snapshot = models.JSONField(_("input snapshot"))
    result = models.JSONField(_("result"))  # DecisionOutput.to_json(): what replay compares
    rule_hits = models.JSONField(_("rule hits"), default=list)
    reasons = models.JSONField(_("reasons"), default=list)
    offers = models.JSONField(_("offers"), default=list)
    counter_offer = models.BooleanField(_("counter-offer"), default=False)
    pd = models.DecimalField(_("probability of default"), max_digits=9, decimal_places=6)
    grade = models.CharField(_("grade"), max_length=1)
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=1)
    model_name = models.CharField(_("model"), max_length=80)
    model_version = models.CharField(_("model version"), max_length=40)
    model_data_hash = models.CharField(_("training data SHA-256"), max_length=64)
    challenger_name = models.CharField(_("challenger model"), max_length=80, blank=True)
    challenger_version = models.CharField(_("challenger version"), max_length=40, blank=True)
    challenger_pd = models.DecimalField(_("challenger PD"), max_digits=9, decimal_places=6, null=True, blank=True)
    challenger_grade = models.CharField(_("challenger grade"), max_length=1, blank=True)
    policy_version = models.PositiveIntegerField(_("policy version"))
    product_code = models.CharField(_("product"), max_length=40)
    product_version = models.PositiveIntegerField(_("product version"))
    engine_version = models.CharField(_("engine version"), max_length=40)
    duration_ms = models.DecimalField(_("duration (ms)"), max_digits=9, decimal_places=2, default=0)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("decision record")
        verbose_name_plural = _("decision records")
        indexes = [models.Index(fields=["application", "-created_at"], name="decisioning_record_latest")]

    def __str__(self) -> str:
        return f"decision {self.pk} {self.outcome} ({self.application_id})"


class ReviewAction(models.TextChoices):
    APPROVE = "approve", _("Approve")
    DECLINE = "decline", _("Decline")
    REFER = "refer", _("Refer")


class ManualReview(models.Model):
    """An underwriter's decision on a referred (or overridden) application, with its reason."""

    application = models.ForeignKey("origination.Application", verbose_name=_("application"),
                                    on_delete=models.PROTECT, related_name="reviews")
    decision = models.ForeignKey(DecisionRecord, verbose_name=_("decision record"), on_delete=models.PROTECT,
                                 related_name="reviews")
    action = models.CharField(_("action"), max_length=10, choices=ReviewAction.choices)
    status_before = models.CharField(_("status before"), max_length=20)
    status_after = models.CharField(_("status after"), max_length=20)
    override = models.BooleanField(_("override of the engine"), default=False)
    reason = models.TextField(_("reason"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.PROTECT,
                                 related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"))

    class Meta:
        verbose_name = _("manual review")
        verbose_name_plural = _("manual reviews")
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="decisioning_review_reason_required")]

    def __str__(self) -> str:
        return f"{self.action} by {self.reviewer_id} ({self.application_id})"
