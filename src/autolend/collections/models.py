"""Collections tables: cases, their actions, promises to pay, contact log, bucket snapshots,
outside agencies with placements and commissions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 20, "decimal_places": 2, "default": 0}


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class CollectionCase(models.Model):
    """One delinquency episode of a loan (催收案件): opened at the first missed due, closed when
    cured (DPD 0), paid off or written off. Stage = DPD bucket; queue from the strategy table."""

    loan = models.ForeignKey("servicing.Loan", on_delete=models.PROTECT, related_name="collection_cases")
    status = models.CharField(max_length=8, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    close_reason = models.CharField(max_length=16, blank=True)  # cured | paid_off | written_off | closed
    dpd = models.PositiveIntegerField(default=0)
    max_dpd = models.PositiveIntegerField(default=0)
    bucket = models.CharField(max_length=8, default="M1")
    score = models.PositiveSmallIntegerField(default=800)
    band = models.CharField(max_length=8, default="high")
    queue = models.CharField(max_length=16, default="auto_message")
    queue_since = models.DateField()
    escalations = models.PositiveSmallIntegerField(default=0)
    manual_queue = models.BooleanField(default=False)  # escalated by hand: EOD never lowers it
    collector = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="collection_cases")
    priority = models.IntegerField(default=0)
    sla_due = models.DateField(null=True, blank=True)
    sla_breached = models.BooleanField(default=False)
    last_action_on = models.DateField(null=True, blank=True)
    broken_promises = models.PositiveSmallIntegerField(default=0)
    prior_cases = models.PositiveSmallIntegerField(default=0)
    strategy_version = models.CharField(max_length=20)
    writeoff_recommended_on = models.DateField(null=True, blank=True)
    writeoff_reason = models.CharField(max_length=40, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["loan"], condition=Q(status="open"), name="collections_one_open_case")]
        indexes = [models.Index(fields=["status", "priority"], name="collections_case_queue"),
                   models.Index(fields=["collector", "status"], name="collections_case_collector")]

    def __str__(self) -> str:
        return f"case {self.pk} of loan {self.loan_id} ({self.status})"


class OutcomeCode(models.TextChoices):
    PROMISE = "promise", _("Promise to pay")
    PAID = "paid", _("Says paid")
    NO_ANSWER = "no_answer", _("No answer")
    WRONG_NUMBER = "wrong_number", _("Wrong number")
    REFUSED = "refused", _("Refuses to pay")
    HARDSHIP = "hardship", _("Hardship")
    DISPUTE = "dispute", _("Dispute")
    CALL_BACK = "call_back", _("Call back")


class CaseAction(models.Model):
    """A note, a call with its outcome, a visit, an escalation, an assignment, a recommendation."""

    case = models.ForeignKey(CollectionCase, on_delete=models.PROTECT, related_name="actions")
    kind = models.CharField(max_length=16)  # note | call | visit | escalate | assign | writeoff | hardship | placement
    outcome = models.CharField(max_length=16, blank=True, choices=OutcomeCode.choices)
    text = models.CharField(max_length=500, blank=True)
    business_date = models.DateField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.kind} on case {self.case_id}"


class PromiseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    KEPT = "kept", _("Kept")
    BROKEN = "broken", _("Broken")


class PromiseToPay(models.Model):
    """承诺还款: ``amount`` yuan by ``due_on``. An arrangement is several promises sharing
    ``arrangement``. Collections EOD marks it kept once repayments since ``promised_on`` reach the
    amount, broken when ``due_on`` has passed without that."""

    case = models.ForeignKey(CollectionCase, on_delete=models.PROTECT, related_name="promises")
    loan = models.ForeignKey("servicing.Loan", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(**MONEY)  # type: ignore[call-overload]
    promised_on = models.DateField()
    due_on = models.DateField()
    arrangement = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=8, choices=PromiseStatus.choices, default=PromiseStatus.OPEN)
    paid = models.DecimalField(**MONEY)  # type: ignore[call-overload]
    evaluated_on = models.DateField(null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["status", "due_on"], name="collections_ptp_open")]

    def __str__(self) -> str:
        return f"PTP {self.amount} by {self.due_on} ({self.status})"


class ContactLog(models.Model):
    """Every message sent or refused and every call made (联系记录). ``key`` makes EOD reminders
    idempotent (one per loan, template and day)."""

    loan = models.ForeignKey("servicing.Loan", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(CollectionCase, null=True, blank=True, on_delete=models.PROTECT, related_name="contacts")
    channel = models.CharField(max_length=8)
    purpose = models.CharField(max_length=12)  # reminder | collection
    template = models.CharField(max_length=20, blank=True)
    language = models.CharField(max_length=8, blank=True)
    recipient = models.CharField(max_length=120, blank=True)
    body = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10)  # sent | refused | failed
    reason = models.CharField(max_length=20, blank=True)
    local_day = models.DateField()  # the borrower's local day of the contact (limits count per day)
    sent_at = models.DateTimeField()
    business_date = models.DateField()
    key = models.CharField(max_length=80, null=True, blank=True, unique=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["loan", "local_day"], name="collections_contact_day")]

    def __str__(self) -> str:
        return f"{self.channel} {self.status} to loan {self.loan_id}"


class BucketSnapshot(models.Model):
    """A delinquent loan's DPD at the close of a business date (only DPD > 0 rows are stored:
    absence means current or closed, which keeps the table compact)."""

    business_date = models.DateField()
    loan = models.ForeignKey("servicing.Loan", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False)
    dpd = models.PositiveIntegerField()
    bucket = models.CharField(max_length=8)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["business_date", "loan"], name="collections_snapshot_once")]

    def __str__(self) -> str:
        return f"{self.loan_id} {self.bucket} on {self.business_date}"


class BucketTotal(models.Model):
    """Active loans per bucket at the close of a business date (M0 included)."""

    business_date = models.DateField()
    bucket = models.CharField(max_length=8)
    loans = models.PositiveIntegerField()
    principal = models.DecimalField(**MONEY)  # type: ignore[call-overload]

    class Meta:
        constraints = [models.UniqueConstraint(fields=["business_date", "bucket"], name="collections_total_once")]

    def __str__(self) -> str:
        return f"{self.bucket} {self.loans} on {self.business_date}"


class Agency(models.Model):
    """An outside collection agency (委外催收机构) and its commission on recoveries (percent)."""

    name = models.CharField(max_length=100, unique=True)
    commission_percent = models.DecimalField(max_digits=5, decimal_places=2)
    active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.name


class Placement(models.Model):
    case = models.ForeignKey(CollectionCase, on_delete=models.PROTECT, related_name="placements")
    loan = models.ForeignKey("servicing.Loan", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="placements")
    placed_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.loan_id} with {self.agency_id}"


class AgencyCommission(models.Model):
    """Commission owed to an agency on one recovery or repayment it brought in: accrued in the
    ledger when it arises (Dr collection commission expense / Cr agency commission payable,
    ``accrual_entry``) and cleared when finance pays the agency (Dr payable / Cr bank,
    ``payment_entry``; ``services.commission``)."""

    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="commissions")
    transaction = models.OneToOneField("servicing.LoanTransaction", on_delete=models.PROTECT, related_name="+")
    collected = models.DecimalField(**MONEY)  # type: ignore[call-overload]
    commission = models.DecimalField(**MONEY)  # type: ignore[call-overload]
    business_date = models.DateField()
    paid_on = models.DateField(null=True, blank=True)
    accrual_entry = models.ForeignKey("ledger.JournalEntry", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    payment_entry = models.ForeignKey("ledger.JournalEntry", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.commission} on {self.transaction_id}"


class StrategyStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    REJECTED = "rejected", _("Rejected")


class CollectionStrategy(models.Model):
    """A version of the collection strategy (催收策略版本), in force from ``effective_from`` once a
    second person approved it (maker-checker): its cells (bucket × score band → queue), the SLA
    days of each queue and the write-off recommendation line. The version in force on a date is
    the active one with the latest ``effective_from`` on or before it (``selectors.strategy_in_force``)."""

    version = models.CharField(max_length=20, unique=True)
    effective_from = models.DateField()
    status = models.CharField(max_length=10, choices=StrategyStatus.choices, default=StrategyStatus.PROPOSED)
    sla_days = models.JSONField(default=dict)  # queue → days from entering the queue to the first action
    writeoff_after_dpd = models.PositiveIntegerField(default=180)
    note = models.CharField(max_length=200, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    proposed_on = models.DateField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["effective_from"], condition=Q(status="active"),
                                               name="collections_strategy_one_active_per_date")]

    def __str__(self) -> str:
        return f"strategy {self.version} from {self.effective_from} ({self.status})"


class StrategyCell(models.Model):
    """One cell of a strategy version: cases in ``bucket`` (M1…M7+) with score ``band`` go to ``queue``."""

    strategy = models.ForeignKey(CollectionStrategy, on_delete=models.CASCADE, related_name="cells")
    bucket = models.CharField(max_length=8)
    band = models.CharField(max_length=8)
    queue = models.CharField(max_length=16)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["strategy", "bucket", "band"], name="collections_strategy_cell_once")]

    def __str__(self) -> str:
        return f"{self.bucket}/{self.band} → {self.queue}"
