"""Double-entry ledger: accounts, immutable balanced journal entries, per-product account roles."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from autolend.ledger.chart import AccountRole, AccountType  # noqa: F401 (choices)

MONEY = {"max_digits": 20, "decimal_places": 2}


class Account(models.Model):
    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=100)
    name_zh = models.CharField(max_length=100)
    type = models.CharField(max_length=10, choices=AccountType.choices)
    currency = models.CharField(max_length=3, default="CNY")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class AccountMapping(models.Model):
    """Which account plays ``role`` for a product; ``product_code`` "" is the default mapping."""

    product_code = models.CharField(max_length=40, blank=True, default="")
    role = models.CharField(max_length=40, choices=AccountRole.choices)
    account = models.ForeignKey(Account, on_delete=models.PROTECT)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["product_code", "role"], name="ledger_mapping_unique_role")]

    def __str__(self) -> str:
        return f"{self.product_code or 'default'}: {self.role}"


class JournalEntry(models.Model):
    """A balanced set of lines posted together. Never updated or deleted: corrected by reversal."""

    entry_date = models.DateField(db_index=True)  # business date of the posting
    kind = models.CharField(max_length=40)
    description = models.CharField(max_length=200, blank=True)
    reference = models.CharField(max_length=60, blank=True, db_index=True)  # e.g. "loan:AL00000001"
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    idempotency_key = models.CharField(max_length=160, null=True, blank=True, unique=True)
    request_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name_plural = "journal entries"

    def __str__(self) -> str:
        return f"JE{self.pk} {self.entry_date} {self.kind}"


class JournalLine(models.Model):
    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="lines")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="lines")
    entry_date = models.DateField()  # copied from the entry: balances "as of" read lines only
    debit = models.DecimalField(default=0, **MONEY)  # type: ignore[call-overload]
    credit = models.DecimalField(default=0, **MONEY)  # type: ignore[call-overload]
    currency = models.CharField(max_length=3, default="CNY")
    subledger = models.CharField(max_length=40, blank=True, default="")  # loan number, for reconciliation

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(debit__gte=0, credit__gte=0) & (Q(debit=0, credit__gt=0) | Q(credit=0, debit__gt=0)),
                name="ledger_line_one_positive_side",
            ),
        ]
        indexes = [
            models.Index(fields=["account", "entry_date"], name="ledger_line_account_date"),
            models.Index(fields=["subledger", "account"], name="ledger_line_subledger"),
        ]

    def __str__(self) -> str:
        side = f"Dr {self.debit}" if self.debit else f"Cr {self.credit}"
        return f"{self.account.code} {side}"

