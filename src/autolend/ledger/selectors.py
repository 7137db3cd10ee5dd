"""Reading the books: balances and the trial balance as of a date, per-loan subledger balances."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce

from autolend.ledger.chart import DEBIT_NORMAL, AccountType
from autolend.ledger.models import Account, JournalLine

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class AccountBalance:
    code: str
    name: str
    name_zh: str
    type: str
    turnover_debit: Decimal  # sum of debit lines
    turnover_credit: Decimal  # sum of credit lines

    @property
    def debit(self) -> Decimal:
        """The trial balance's debit column: the net balance when it is a debit."""
        return max(self.turnover_debit - self.turnover_credit, ZERO)

    @property
    def credit(self) -> Decimal:
        return max(self.turnover_credit - self.turnover_debit, ZERO)

    @property
    def balance(self) -> Decimal:
        """Signed by the account's normal side: positive means a normal balance."""
        net = self.turnover_debit - self.turnover_credit
        return net if AccountType(self.type) in DEBIT_NORMAL else -net

    def as_json(self) -> dict[str, str]:
        return {
            "code": self.code, "name": self.name, "name_zh": self.name_zh, "type": self.type,
            "debit": str(self.debit), "credit": str(self.credit), "balance": str(self.balance),
            "turnover_debit": str(self.turnover_debit), "turnover_credit": str(self.turnover_credit),
        }


@dataclass(frozen=True)
class TrialBalance:
    as_of: date | None
    accounts: tuple[AccountBalance, ...]

    @property
    def total_debit(self) -> Decimal:
        return sum((a.debit for a in self.accounts), ZERO)

    @property
    def total_credit(self) -> Decimal:
        return sum((a.credit for a in self.accounts), ZERO)

    @property
    def balanced(self) -> bool:
        """Debit balances equal credit balances (and so do the turnovers)."""
        turnover = sum((a.turnover_debit - a.turnover_credit for a in self.accounts), ZERO)
        return self.total_debit == self.total_credit and turnover == 0


def trial_balance(as_of: date | None = None) -> TrialBalance:
    """Every account's turnover and balance over lines dated on or before ``as_of`` (all if None)."""
    dated = Q(lines__entry_date__lte=as_of) if as_of else Q()
    rows = Account.objects.annotate(
        dr=Coalesce(Sum("lines__debit", filter=dated), ZERO),
        cr=Coalesce(Sum("lines__credit", filter=dated), ZERO),
    ).order_by("code")
    # Quantized: SQLite sums decimals as floats (…190000022 after many lines), which must not
    # make balanced books look unbalanced.
    return TrialBalance(
        as_of,
        tuple(AccountBalance(a.code, a.name, a.name_zh, a.type, _fen(a.dr), _fen(a.cr)) for a in rows),
    )


def _fen(value: Decimal) -> Decimal:
    return Decimal(value).quantize(ZERO)


def subledger_balances(account_code: str, as_of: date | None = None) -> dict[str, Decimal]:
    """Net debit balance of one account per subledger key (loan number), lines up to ``as_of``."""
    lines = JournalLine.objects.filter(account__code=account_code).exclude(subledger="")
    if as_of:
        lines = lines.filter(entry_date__lte=as_of)
    rows = lines.values("subledger").annotate(dr=Sum("debit"), cr=Sum("credit"))
    return {row["subledger"]: _fen(row["dr"] - row["cr"]) for row in rows}


def entries_for(reference: str) -> list[JournalLine]:
    """Every journal line of the entries with this reference, oldest first."""
    return list(
        JournalLine.objects.filter(entry__reference=reference).select_related("entry", "account").order_by("entry_id", "pk")
    )
