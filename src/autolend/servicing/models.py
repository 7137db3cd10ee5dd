"""Loans, their schedules (versioned dues with what has been paid), transactions and approvals.

A loan's money state lives in two places kept equal by construction and checked by
``autolend reconcile``: the dues here (the subledger) and the journal lines in ``ledger`` (the
books). Overdue is derived from dues; the EOD snapshot fields (days past due, bucket, class)
record what the last end-of-day derived.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 20, "decimal_places": 2, "default": 0}


class LoanStatus(models.TextChoices):
    PENDING_DISBURSEMENT = "pending_disbursement", _("Pending disbursement")
    ACTIVE = "active", _("Active")
    PAID_OFF = "paid_off", _("Paid off")
    WRITTEN_OFF = "written_off", _("Written off")
    CLOSED_REPOSSESSED = "closed_repossessed", _("Closed by repossession")
    CANCELLED = "cancelled", _("Cancelled")


class Classification(models.TextChoices):
    """Five-tier classification (五级分类)."""

    NORMAL = "normal", _("Normal")  # 正常
    SPECIAL_MENTION = "special_mention", _("Special mention")  # 关注
    SUBSTANDARD = "substandard", _("Substandard")  # 次级
    DOUBTFUL = "doubtful", _("Doubtful")  # 可疑
    LOSS = "loss", _("Loss")  # 损失


class BusinessDay(models.Model):
    """Singleton: the business date (业务日期). EOD for date D closes D and moves it to D + 1."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    business_date = models.DateField()

    def __str__(self) -> str:
        return f"business date {self.business_date}"


class Loan(models.Model):
    number = models.CharField(max_length=20, unique=True)
    status = models.CharField(max_length=24, choices=LoanStatus.choices, default=LoanStatus.PENDING_DISBURSEMENT)
    product_code = models.CharField(max_length=40)
    borrower = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="loans")
    borrower_name = models.CharField(max_length=100)
    dealer_name = models.CharField(max_length=120, blank=True)
    payee_account = models.CharField(max_length=40, blank=True)  # dealer's (or borrower's) bank account
    principal = models.DecimalField(**MONEY)  # type: ignore[call-overload]  # as booked
    annual_rate = models.DecimalField(max_digits=9, decimal_places=4)  # percent a year, current schedule
    installments = models.PositiveSmallIntegerField()  # instalment rows of the current schedule
    booked_on = models.DateField()
    disbursed_on = models.DateField(null=True, blank=True)
    maturity_date = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    # Everything the schedule and servicing rules depend on, frozen at booking (the product version
    # used): servicing.terms.LoanSetup.to_json(). Later schedule versions: ScheduleVersion.basis.
    terms = models.JSONField()
    schedule_version = models.PositiveSmallIntegerField(default=1)
    # Balances (yuan): the subledger, moved only by services and EOD together with the journal.
    principal_outstanding = models.DecimalField(**MONEY)  # type: ignore[call-overload]
    interest_receivable = models.DecimalField(**MONEY)  # type: ignore[call-overload]  # accrued, not yet paid
    fee_receivable = models.DecimalField(**MONEY)  # type: ignore[call-overload]
    penalty_receivable = models.DecimalField(**MONEY)  # type: ignore[call-overload]
    credit_balance = models.DecimalField(**MONEY)  # type: ignore[call-overload]  # overpayment held for the borrower
    provision = models.DecimalField(**MONEY)  # type: ignore[call-overload]  # loan-loss allowance held
    # What the last EOD derived from the dues.
    accrued_through = models.DateField(null=True, blank=True)
    days_past_due = models.PositiveIntegerField(default=0)
    dpd_bucket = models.CharField(max_length=8, default="M0")
    classification = models.CharField(max_length=20, choices=Classification.choices, default=Classification.NORMAL)
    ifrs_stage = models.PositiveSmallIntegerField(default=1)
    restructured_until = models.DateField(null=True, blank=True)  # observation period: at least substandard
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["status", "id"], name="servicing_loan_status_id")]

    def __str__(self) -> str:
        return self.number


class DueKind(models.TextChoices):
    INSTALLMENT = "installment", _("Instalment")  # a row of the repayment schedule
    UPFRONT_FEE = "upfront_fee", _("Upfront fee")  # the billed upfront fee, due on disbursement (n = 0)
    PREPAYMENT = "prepayment", _("Prepayment")  # principal prepaid and interest to that date, settled
    ARREARS = "arrears", _("Arrears carried")  # what a restructure carried over, due with the first new row


class Installment(models.Model):
    """One due of one schedule version: what is due and what has been paid against it.

    The loan's current schedule is its rows with ``is_current`` (they may come from several
    versions: rows already due stay when a prepayment or restructure replaces the rest). ``n`` is
    unique among the current rows. ``kind`` says what the row is: a schedule instalment, the billed
    upfront fee (n = 0, due on the disbursement date), a settled prepayment row, or the arrears a
    restructure carried over. Still owed on a row: principal − principal_paid, interest − interest_paid
    − interest_waived, fee − fee_paid − fee_waived, penalty − penalty_paid. Recognised in the
    books (receivable or paid): ``interest_accrued`` of the interest, ``fee_recognized`` of the
    fee, all of ``penalty`` (EOD posts a penalty when it adds it here).
    """

    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="dues")
    version = models.PositiveSmallIntegerField()
    n = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=DueKind.choices, default=DueKind.INSTALLMENT)
    from_date = models.DateField()
    due_date = models.DateField()
    principal = models.DecimalField(**MONEY)  # type: ignore[call-overload]
    interest = models.DecimalField(**MONEY)  # type: ignore[call-overload]
    fee = models.DecimalField(**MONEY)  # type: ignore[call-overload]
    penalty = models.DecimalField(**MONEY)  # type: ignore[call-overload]  # charged by EOD while overdue
    interest_accrued = models.DecimalField(**MONEY)  # type: ignore[call-overload]  # recognised so far (EOD or payment)
    fee_recognized = models.DecimalField(**MONEY)  # type: ignore[call-overload]  # fee booked as receivable so far
    principal_paid = models.DecimalField(**MONEY)  # type: ignore[call-overload]
    interest_paid = models.DecimalField(**MONEY)  # type: ignore[call-overload]
    fee_paid = models.DecimalField(**MONEY)  # type: ignore[call-overload]
    penalty_paid = models.DecimalField(**MONEY)  # type: ignore[call-overload]
    interest_waived = models.DecimalField(**MONEY)  # type: ignore[call-overload]  # e.g. unearned interest on payoff
    fee_waived = models.DecimalField(**MONEY)  # type: ignore[call-overload]  # fees of dues not yet due at payoff
    settled_on = models.DateField(null=True, blank=True)  # the date it was fully paid
    is_current = models.BooleanField(default=True)  # False once superseded by a newer schedule version

    class Meta:
        constraints = [models.UniqueConstraint(fields=["loan", "version", "n"], name="servicing_due_unique")]
        indexes = [
            models.Index(fields=["loan", "is_current", "due_date"], name="servicing_due_loan_current"),
        ]

    def __str__(self) -> str:
        return f"{self.loan_id}#{self.n}v{self.version}"


class TransactionKind(models.TextChoices):
    DISBURSEMENT = "disbursement", _("Disbursement")
    REPAYMENT = "repayment", _("Repayment")
    PREPAYMENT = "prepayment", _("Prepayment")
    PAYOFF = "payoff", _("Payoff")
    REVERSAL = "reversal", _("Reversal")
    REFUND = "refund", _("Refund of overpayment")
    WRITE_OFF = "write_off", _("Write-off")
    RECOVERY = "recovery", _("Recovery after write-off")
    RESTRUCTURE = "restructure", _("Restructure")
    FEE = "fee", _("Fee charged")
    PAYOUT = "payout", _("Payout to the payee")
    PENALTY = "penalty", _("Penalty charged")
    CREDIT_APPLIED = "credit_applied", _("Credit balance applied")


class LoanTransaction(models.Model):
    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="transactions")
    kind = models.CharField(max_length=20, choices=TransactionKind.choices)
    business_date = models.DateField()
    amount = models.DecimalField(**MONEY)  # type: ignore[call-overload]
    principal = models.DecimalField(**MONEY)  # type: ignore[call-overload]
    interest = models.DecimalField(**MONEY)  # type: ignore[call-overload]
    fee = models.DecimalField(**MONEY)  # type: ignore[call-overload]
    penalty = models.DecimalField(**MONEY)  # type: ignore[call-overload]
    # Change to the credit balance: + an excess kept as credit, − credit refunded or applied.
    overpayment = models.DecimalField(**MONEY)  # type: ignore[call-overload]
    # What it did to each due (services/_dues.py RowChange.as_json), so a reversal can undo it exactly:
    # {"rows": [{"due": pk, "n", "version", "principal", "interest", ..., "settled"}], "settlement_fee"}
    allocation = models.JSONField(default=dict, blank=True)
    channel = models.CharField(max_length=20, blank=True)  # bank_transfer | auto_debit | manual | gateway
    external_ref = models.CharField(max_length=80, blank=True)
    idempotency_key = models.CharField(max_length=160, null=True, blank=True, unique=True)
    request_hash = models.CharField(max_length=64, blank=True)
    journal_entry = models.OneToOneField("ledger.JournalEntry", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by")
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["loan", "business_date"], name="servicing_txn_loan_date")]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount} on {self.business_date}"


class ScheduleVersion(models.Model):
    """Why and from what a schedule version was built: the ``terms_from_request`` fields used."""

    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="schedule_versions")
    version = models.PositiveSmallIntegerField()
    reason = models.CharField(max_length=20)  # booking | disbursement | prepayment | restructure
    effective_date = models.DateField()
    basis = models.JSONField()  # the schedule request given to kernel.schedule.build_schedule
    regular_installment = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["loan", "version"], name="servicing_version_unique")]

    def __str__(self) -> str:
        return f"{self.loan_id} v{self.version} ({self.reason})"


class NumberSequence(models.Model):
    """A gapless counter (e.g. loan numbers), locked by the transaction that takes a number."""

    name = models.CharField(max_length=40, primary_key=True)
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class ApprovalKind(models.TextChoices):
    DISBURSEMENT = "disbursement", _("Disbursement")
    WRITE_OFF = "write_off", _("Write-off")
    RESTRUCTURE = "restructure", _("Restructure")


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ApprovalRequest(models.Model):
    """Maker-checker: one person asks, another decides; the maker can never approve their own."""

    kind = models.CharField(max_length=20, choices=ApprovalKind.choices)
    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="approvals")
    status = models.CharField(max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING)
    payload = models.JSONField(default=dict, blank=True)
    maker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checker = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=200, blank=True)
    requested_on = models.DateField()
    decided_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["kind", "status"], name="servicing_approval_queue")]

    def __str__(self) -> str:
        return f"{self.kind} of {self.loan_id}: {self.status}"


class EodRun(models.Model):
    """One step of one partition of one business date: the unit EOD makes idempotent."""

    business_date = models.DateField()
    partition = models.PositiveIntegerField()
    step = models.CharField(max_length=20)
    status = models.CharField(max_length=10, default="done")
    loans = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["business_date", "partition", "step"], name="servicing_eod_once"),
        ]

    def __str__(self) -> str:
        return f"EOD {self.business_date} partition {self.partition} {self.step}: {self.status}"
