"""The SQL end of day speaks: reads that return integer fen and day numbers, and bulk writes.

Both databases get the same numbers because every amount crosses the boundary as an integer count
of fen (SQLite keeps decimals as REAL, so they are rounded to whole fen on the way out) and every
date as a day number (days since 1970-01-01). Nothing but integers crosses on the hot path: loan
numbers for the subledger are joined in the database, text columns are picked from a small list.

PostgreSQL: a reading is ``COPY (SELECT …) TO STDOUT (FORMAT BINARY)`` of bigint columns, parsed by
numpy in one step; a write is one ``UPDATE … FROM unnest(int8[] …)`` or ``INSERT … SELECT FROM
unnest(…)`` whose arrays are sent in binary straight from numpy. SQLite: ``fetchall`` and
``executemany``. A raw DB-API cursor is used (on PostgreSQL a server-binding one), in the
transaction Django has open.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from django.db import connection
from numpy.typing import NDArray

I64 = NDArray[np.int64]
EPOCH = date(1970, 1, 1)
_COPY_HEADER = 19  # signature (11), flags (4), header extension length (4)


def day_number(day: date) -> int:
    """Days since 1970-01-01: the integer form of a date on both databases."""
    return (day - EPOCH).days


@dataclass(frozen=True)
class Column:
    """A column to write, one value per row: ``kind`` "money" (fen in, yuan stored), "int", or
    "choice" (an index into ``names``, stored as that text)."""

    name: str
    kind: str
    values: I64
    names: tuple[str, ...] = ()


class Dialect:
    """What differs between PostgreSQL and SQLite for the EOD hot path."""

    def __init__(self) -> None:
        connection.ensure_connection()
        self.postgres = connection.vendor == "postgresql"
        raw = connection.connection
        if self.postgres:
            import psycopg

            self.cursor: Any = psycopg.Cursor(raw)  # server-side binding: binary arrays as parameters
            self.cursor.adapters.register_dumper(np.ndarray, _int8_array_dumper())
            # Many short range queries: JIT compiling each one and starting parallel workers for
            # each cost more than they save (for the rest of this transaction only).
            self.cursor.execute("SET LOCAL jit = off")
            self.cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        else:
            self.cursor = raw.cursor()
        # Lock the chunk's loans in id order: a payment posted meanwhile (which locks its loan
        # first) waits for the chunk, so neither side writes dues the other has just read.
        self.lock = " FOR NO KEY UPDATE OF l" if self.postgres else ""

    def fen(self, column: str) -> str:
        """SQL for ``column`` (a money column, yuan) as a whole number of fen."""
        return self.scaled(column, 2)

    def scaled(self, column: str, places: int) -> str:
        """SQL for ``column`` × 10^places as an integer (e.g. a rate with 4 decimals)."""
        if self.postgres:
            return f"(({column}) * {10**places})::bigint"
        return f"CAST(round(({column}) * {10**places}) AS INTEGER)"

    def day(self, column: str) -> str:
        """SQL for a date column as days since 1970-01-01 (NULL stays NULL)."""
        if self.postgres:
            return f"(({column}) - DATE '1970-01-01')::bigint"
        return f"CAST(julianday({column}) - 2440587.5 AS INTEGER)"

    def bigint(self, expression: str) -> str:
        """SQL for an integer expression as a bigint (what ``read_ints`` reads on PostgreSQL)."""
        return f"({expression})::bigint" if self.postgres else f"({expression})"

    def text(self, value: str) -> str:
        """A string literal (standard SQL quoting) for statements that take no parameters."""
        return "'" + value.replace("'", "''") + "'"

    def literal(self, value: int | str | date) -> str:
        """A parameter written into the statement (COPY takes none): ints, dates, plain words."""
        if isinstance(value, bool) or not isinstance(value, (int, str, date)):
            raise TypeError(f"not a literal EOD parameter: {value!r}")
        if isinstance(value, int):
            return str(value)
        text = value.isoformat() if isinstance(value, date) else value
        if not all(ch.isalnum() or ch in "-_" for ch in text):
            raise ValueError(f"not a plain literal: {text!r}")
        return f"DATE '{text}'" if isinstance(value, date) and self.postgres else f"'{text}'"

    def read_ints(self, sql: str, columns: int) -> I64:
        """Rows × ``columns`` int64 matrix of a query whose columns are all non-null integers
        (parameters already written in with ``literal``)."""
        if not self.postgres:
            self.cursor.execute(sql)
            rows = self.cursor.fetchall()
            return np.array(rows, dtype=np.int64).reshape(len(rows), columns)
        with self.cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT BINARY)") as copy:
            data = b"".join(bytes(block) for block in copy)
        body = data[_COPY_HEADER:-2]  # the trailer is a field count of -1
        fields = [("count", ">i2")]
        for k in range(columns):
            fields += [(f"l{k}", ">i4"), (f"v{k}", ">i8")]
        rows = np.frombuffer(body, dtype=np.dtype(fields))
        if rows.size and (np.any(rows["count"] != columns) or any(np.any(rows[f"l{k}"] != 8) for k in range(columns))):
            raise ValueError("EOD reads must return non-null bigint columns only")
        return np.stack([rows[f"v{k}"].astype(np.int64) for k in range(columns)], axis=1)

    def query(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        """Rows of a small query (``%s`` parameters) as tuples."""
        self.execute(sql, params)
        return list(self.cursor.fetchall())

    def execute(self, sql: str, params: Sequence[Any]) -> None:
        self.cursor.execute(sql if self.postgres else sql.replace("%s", "?"), params)

    def update_by_id(self, table: str, ids: I64, columns: Sequence[Column], constants: dict[str, Any]) -> None:
        """Set ``columns`` (one value per id) and ``constants`` on the rows of ``table`` with ``ids``."""
        if len(ids) == 0:
            return
        if self.postgres:
            sets, params = [], []
            for c in columns:
                if c.kind == "money":
                    sets.append(f"{c.name} = u.{c.name}::numeric / 100")
                elif c.kind == "choice":
                    sets.append(f"{c.name} = (%s::text[])[u.{c.name} + 1]")
                    params.append(list(c.names))
                else:
                    sets.append(f"{c.name} = u.{c.name}")
            sets += [f"{name} = %s" for name in constants]
            params += list(constants.values())
            arrays = ", ".join("%s" for _ in range(len(columns) + 1))
            names = ", ".join(c.name for c in columns)
            # "t.id = ANY(ids)": the rows are found by primary key, whatever the planner guesses
            # of the unnest's size (else it may hash-join a scan of the whole table per chunk).
            sql = (f"UPDATE {table} AS t SET {', '.join(sets)} FROM unnest({arrays}) AS u(id, {names}) "
                   "WHERE t.id = u.id AND t.id = ANY(%s)")
            self.cursor.execute(sql, [*params, ids, *(c.values for c in columns), ids])
            return
        values = [_sqlite_values(c) for c in columns]
        sets_text = ", ".join([*(f"{c.name} = ?" for c in columns), *(f"{name} = ?" for name in constants)])
        fixed = list(constants.values())
        rows = [(*row, *fixed, key) for row, key in zip(zip(*values), ids.tolist())]
        self.cursor.executemany(f"UPDATE {table} SET {sets_text} WHERE id = ?", rows)

    def insert_lines(self, entry_id: int, entry_date: date, loans: I64 | None, accounts: I64, debit: I64, credit: I64) -> None:
        """Journal lines of one entry: per line an account id and debit and credit in fen; with
        ``loans`` (loan ids) the line's subledger is that loan's number, else "" (aggregated lines)."""
        if len(accounts) == 0:
            return
        head = "INSERT INTO ledger_journalline (entry_id, account_id, entry_date, debit, credit, currency, subledger) "
        if self.postgres:
            if loans is None:
                sql = (head + "SELECT %s, u.a, %s, u.dr::numeric / 100, u.cr::numeric / 100, 'CNY', '' "
                       "FROM unnest(%s, %s, %s) AS u(a, dr, cr)")
                self.cursor.execute(sql, [entry_id, entry_date, accounts, debit, credit])
            else:
                sql = (head + "SELECT %s, u.a, %s, u.dr::numeric / 100, u.cr::numeric / 100, 'CNY', l.number "
                       "FROM unnest(%s, %s, %s, %s) AS u(loan, a, dr, cr) JOIN servicing_loan l ON l.id = u.loan "
                       "WHERE l.id = ANY(%s)")
                self.cursor.execute(sql, [entry_id, entry_date, loans, accounts, debit, credit, loans])
            return
        rows = zip(accounts.tolist(), yuan_texts(debit), yuan_texts(credit))
        if loans is None:
            self.cursor.executemany(head + "VALUES (?, ?, ?, ?, ?, 'CNY', '')",
                                    [(entry_id, a, entry_date, dr, cr) for a, dr, cr in rows])
        else:
            self.cursor.executemany(head + "SELECT ?, ?, ?, ?, ?, 'CNY', number FROM servicing_loan WHERE id = ?",
                                    [(entry_id, a, entry_date, dr, cr, loan) for (a, dr, cr), loan in zip(rows, loans.tolist())])


def yuan_texts(fen: Sequence[int] | I64) -> list[str]:
    """Fen → exact decimal strings of yuan ("820.04", "-0.05")."""
    out = []
    for value in (fen.tolist() if isinstance(fen, np.ndarray) else fen):
        sign, value = ("-", -value) if value < 0 else ("", value)
        out.append(f"{sign}{value // 100}.{value % 100:02d}")
    return out


def _sqlite_values(column: Column) -> list[Any]:
    if column.kind == "money":
        return yuan_texts(column.values)
    if column.kind == "choice":
        return [column.names[i] for i in column.values.tolist()]
    return list(column.values.tolist())


def _int8_array_dumper() -> type:
    """A psycopg dumper sending a numpy array as a binary int8[] (no per-element Python work)."""
    from psycopg.adapt import Dumper
    from psycopg.pq import Format

    class Int8ArrayDumper(Dumper):
        format = Format.BINARY
        oid = 1016  # int8[]

        def dump(self, obj: Any) -> bytes:
            values = np.ascontiguousarray(obj, dtype=np.int64).ravel()
            if values.size == 0:
                return struct.pack("!iiI", 0, 0, 20)
            body = np.empty(values.size, dtype=[("len", ">i4"), ("value", ">i8")])
            body["len"] = 8
            body["value"] = values
            return struct.pack("!iiIii", 1, 0, 20, values.size, 1) + body.tobytes()

    return Int8ArrayDumper
