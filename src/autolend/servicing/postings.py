"""Building a loan's journal entries from account roles (pure, apart from reading the mapping).

Every line that belongs to one loan carries ``subledger=loan.number`` (receivables, the customer's
overpayment, the dealer payable, the loan's income and allowance lines) so the per-loan subledger
reconciles; only the bank line has none. Amounts for one account are netted, so an entry shows at
most one line per account, debit or credit.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from autolend.kernel.money import ZERO
from autolend.ledger.accounts import role_accounts
from autolend.ledger.chart import AccountRole
from autolend.ledger.models import JournalEntry
from autolend.ledger.rules import Leg
from autolend.ledger.services import journal_post

R = AccountRole

# Roles whose lines are not tied to one loan.
_POOLED = frozenset({R.BANK, R.FUNDING_LIABILITY, R.EQUITY, R.UNAPPLIED_CASH})


class EntryBuilder:
    """Collects debits and credits by role for one loan, then nets them into legs."""

    def __init__(self, product_code: str, loan_number: str, roles: Mapping[AccountRole, str] | None = None) -> None:
        self.codes = dict(roles) if roles is not None else role_accounts(product_code)
        self.loan_number = loan_number
        self._net: dict[AccountRole, Decimal] = {}  # debit − credit, in first-use order

    def debit(self, role: AccountRole, amount: Decimal) -> EntryBuilder:
        if amount:
            self._net[role] = self._net.get(role, ZERO) + amount
        return self

    def credit(self, role: AccountRole, amount: Decimal) -> EntryBuilder:
        return self.debit(role, -amount)

    def legs(self) -> list[Leg]:
        legs: list[Leg] = []
        for role, net in self._net.items():
            if net == 0:
                continue
            sub = "" if role in _POOLED else self.loan_number
            code = self.codes[role]
            legs.append(Leg(code, debit=net, subledger=sub) if net > 0 else Leg(code, credit=-net, subledger=sub))
        return legs

    @property
    def empty(self) -> bool:
        return all(net == 0 for net in self._net.values())

    def post(self, *, entry_date: date, kind: str, description: str, actor: Any = None) -> JournalEntry:
        """Post the entry (reference ``loan:<number>``) through ``ledger.services.journal_post``."""
        return journal_post(
            entry_date=entry_date,
            kind=kind,
            legs=self.legs(),
            description=description,
            reference=loan_reference(self.loan_number),
            actor=actor,
        )


def loan_reference(number: str) -> str:
    """The ``JournalEntry.reference`` of every entry about one loan."""
    return f"loan:{number}"
