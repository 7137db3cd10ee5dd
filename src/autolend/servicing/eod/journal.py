"""One journal entry per (business date, partition, step), written chunk by chunk.

The entry is created when its first line is written (a unit with nothing to post writes no entry),
gets one line per loan per receivable (``subledger`` = the loan number) from every chunk, and at
the end one aggregated line per income or expense account carrying the net of the chunk lines.
Balance is guaranteed by construction and checked here in integer fen before the unit commits;
on PostgreSQL the deferred trigger checks the entry again at commit.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import numpy as np
from django.utils import timezone

from autolend.ledger.accounts import account_ids, role_accounts
from autolend.ledger.chart import AccountRole
from autolend.ledger.models import AccountMapping, JournalEntry
from autolend.ledger.services import LedgerError
from autolend.servicing.eod.sql import I64, Dialect


class RoleAccounts:
    """Account ids per role for each product with its own mapping (index ≥ 1) or the default (0).

    Loans carry a product index, computed in SQL (``product_index``), so no text crosses.
    """

    def __init__(self) -> None:
        own = AccountMapping.objects.exclude(product_code="").values_list("product_code", flat=True)
        self.products: tuple[str, ...] = ("", *sorted(set(own)))
        self._tables: dict[AccountRole, I64] = {}

    def product_index(self, dialect: Dialect, column: str) -> str:
        """SQL giving each loan's index into ``products`` from its product code ``column``."""
        if len(self.products) == 1:
            return dialect.bigint("0")
        cases = " ".join(f"WHEN {dialect.text(code)} THEN {k}" for k, code in enumerate(self.products) if k)
        return dialect.bigint(f"CASE {column} {cases} ELSE 0 END")

    def ids(self, product_index: I64, role: AccountRole) -> I64:
        """The account id playing ``role`` for each loan (by its product index)."""
        if role not in self._tables:
            codes = [role_accounts(product)[role] for product in self.products]
            ids = account_ids(codes)
            self._tables[role] = np.array([ids[code] for code in codes], dtype=np.int64)
        return self._tables[role][product_index]


class EntryWriter:
    """Accumulates one EOD entry: per-loan lines go out per chunk, aggregated lines at ``finish``."""

    def __init__(self, dialect: Dialect, entry_date: date, kind: str, key: str, description: str) -> None:
        self.dialect, self.entry_date, self.kind, self.key = dialect, entry_date, kind, key
        self.description = description
        self.entry_id: int | None = None
        self.debit = self.credit = self.lines = 0  # fen, fen, count: what has been written
        self._aggregate: dict[int, int] = defaultdict(int)  # account id → net debit (fen)

    def loan_lines(self, loans: I64, accounts: I64, amounts: I64, *, debit: bool) -> None:
        """One line per loan with a non-zero amount (fen ≥ 0) on its account, debit or credit."""
        pick = np.flatnonzero(amounts)
        if pick.size == 0:
            return
        value = amounts[pick]
        if value.min() < 0:
            raise LedgerError("EOD line amounts must not be negative")
        zero = np.zeros(pick.size, dtype=np.int64)
        self._write(loans[pick], accounts[pick], value if debit else zero, zero if debit else value)

    def aggregate(self, accounts: I64, amounts: I64, *, debit: bool) -> None:
        """Add ``amounts`` (fen) to the single aggregated line of each account (written at finish)."""
        sign = 1 if debit else -1
        for account in np.unique(accounts).tolist():
            self._aggregate[account] += sign * int(amounts[accounts == account].sum())

    def finish(self) -> int | None:
        """Write the aggregated lines, check the balance; the entry id, or None if nothing posted."""
        accounts = [a for a, net in self._aggregate.items() if net]
        if accounts:
            nets = np.array([self._aggregate[a] for a in accounts], dtype=np.int64)
            self._write(None, np.array(accounts, dtype=np.int64), np.maximum(nets, 0), np.maximum(-nets, 0))
        if self.entry_id is not None and (self.debit != self.credit or self.lines < 2):
            raise LedgerError(f"EOD entry {self.key} does not balance: debits {self.debit} fen, credits {self.credit} fen")
        return self.entry_id

    def _write(self, loans: I64 | None, accounts: I64, debit: I64, credit: I64) -> None:
        if self.entry_id is None:
            self.entry_id = JournalEntry.objects.create(
                entry_date=self.entry_date, kind=self.kind, description=self.description[:200],
                reference=self.key[:60], idempotency_key=self.key, created_at=timezone.now(),
            ).pk
        self.dialect.insert_lines(self.entry_id, self.entry_date, loans, accounts, debit, credit)
        self.debit += int(debit.sum())
        self.credit += int(credit.sum())
        self.lines += len(accounts)
