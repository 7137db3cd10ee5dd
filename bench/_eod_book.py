"""Helper of bench/eod.py: a book of N active loans as it stands after yesterday's EOD, written
straight to the tables (COPY on PostgreSQL, executemany on SQLite), never through the ORM per loan.

Schedules come from ``kernel.schedule.build_schedule`` for a few thousand templates (principal,
rate, 12/24/36 months, disbursement date); each loan takes one template, so its dues are expanded
by one INSERT … SELECT in the database. Dues up to the business date are paid on time, except that
5% of the loans stopped paying at some past due (so DPD, buckets and penalties have work); the
current period has interest recognised through yesterday (``accrued_through``). The ledger gets
one opening entry: per loan Dr principal / interest / fee receivable (subledger = loan number),
Cr funding liabilities for the total. Provisions, classes and DPD are left to the first EOD
(bench/eod.py runs one untimed day before the timed one, so the timed day is an ordinary day).
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from autolend.kernel.schedule import LoanTerms, build_schedule
from autolend.ledger.accounts import account_ids
from autolend.ledger.models import JournalEntry
from autolend.ledger.services import chart_ensure
from autolend.servicing.eod.sql import Dialect, day_number
from autolend.servicing.models import BusinessDay

TABLES = (
    "servicing_installment", "servicing_loantransaction", "servicing_approvalrequest", "servicing_loan",
    "servicing_eodrun", "servicing_businessday", "ledger_journalline", "ledger_journalentry",
    "audit_auditevent", "audit_audithead",
)
LOAN_COLUMNS = (
    "id", "number", "status", "product_code", "borrower_name", "dealer_name", "payee_account", "principal",
    "annual_rate", "installments", "booked_on", "disbursed_on", "maturity_date", "terms", "schedule_version",
    "principal_outstanding", "interest_receivable", "fee_receivable", "penalty_receivable", "credit_balance",
    "provision", "accrued_through", "days_past_due", "dpd_bucket", "classification", "ifrs_stage", "created_at",
)


def book_reset() -> None:
    """Empty the tables EOD reads and writes (the bench database only; see bench/eod.py)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")
        else:
            for table in TABLES:
                cursor.execute(f"DELETE FROM {table}")  # (SQLite guards UPDATE only)


def fillfactor_set(percent: int | None) -> None:
    """PostgreSQL: fill new loan and due pages only to ``percent`` (None: the default, 100), so a
    daily update can stay on its page (a HOT update: no new index entries)."""
    with connection.cursor() as cursor:
        for table in ("servicing_loan", "servicing_installment"):
            if percent is None:
                cursor.execute(f"ALTER TABLE {table} RESET (fillfactor)")
            else:
                cursor.execute(f"ALTER TABLE {table} SET (fillfactor = {int(percent)})")


def book_create(loans: int, business_date: date, seed: int = 7) -> None:
    """Write ``loans`` active loans with dues and their opening ledger entry, as they stand during
    ``business_date`` before its EOD: EOD ran through the day before; dues up to ``business_date``
    were paid on their due date (but for the 5% that stopped paying)."""
    chart_ensure()
    yesterday = business_date - timedelta(days=1)
    rng = np.random.default_rng(seed)
    templates = _templates(min(2000, max(loans // 20, 10)), yesterday, rng)
    tpl = rng.integers(0, len(templates), loans)
    late = np.zeros(loans, dtype=np.int64)
    behind = rng.random(loans) < 0.05
    for i in np.flatnonzero(behind).tolist():
        past = templates[tpl[i]]["past"]
        late[i] = int(rng.integers(1, past + 1)) if past else 0
    sql = Dialect()
    with transaction.atomic():
        _create_temp_tables(sql)
        _write(sql, "bench_tpl", ("tpl", "n", "from_date", "due_date", "from_day", "due_day", "principal_fen",
                                  "interest_fen", "fee_fen"), _template_rows(templates))
        _write(sql, "bench_loan", ("id", "tpl", "late_n"), ((i + 1, int(tpl[i]), int(late[i])) for i in range(loans)))
        _write(sql, "servicing_loan", LOAN_COLUMNS, _loan_rows(templates, tpl, yesterday))
        _progress(f"expanding dues of {loans:,} loans")
        _expand_dues(sql, day_number(yesterday))
        _loan_balances(sql)
        _opening_entry(sql, yesterday)
        BusinessDay.objects.update_or_create(id=1, defaults={"business_date": business_date})
        if connection.vendor == "postgresql":
            sql.execute("SELECT setval(pg_get_serial_sequence('servicing_loan', 'id'), %s)", [loans])


def _templates(count: int, yesterday: date, rng: np.random.Generator) -> list[dict[str, object]]:
    out = []
    for _ in range(count):
        term = int(rng.choice([12, 24, 36]))
        age = int(rng.integers(1, term * 30 - 40))  # active through tomorrow
        terms = LoanTerms(
            principal=Decimal(int(rng.integers(50, 300)) * 1000), annual_rate=Decimal(str(rng.choice([4.9, 6.5, 8.0, 9.9, 12.0]))),
            installments=term, disbursed=yesterday - timedelta(days=age),
            fee_per_installment=Decimal(int(rng.choice([0, 0, 50]))),
        )
        rows = build_schedule(terms).installments
        out.append({"terms": terms, "rows": rows, "past": sum(1 for r in rows if r.due_date <= yesterday)})
    return out


def _template_rows(templates: list[dict[str, object]]) -> Iterator[tuple[object, ...]]:
    for k, t in enumerate(templates):
        for r in t["rows"]:  # type: ignore[attr-defined]
            yield (k, r.n, r.from_date, r.due_date, day_number(r.from_date), day_number(r.due_date),
                   int(r.principal * 100), int(r.interest * 100), int(r.fees * 100))


def _loan_rows(templates: list[dict[str, object]], tpl: np.ndarray, yesterday: date) -> Iterator[tuple[object, ...]]:
    now = timezone.now()
    for i, k in enumerate(tpl.tolist()):
        terms: LoanTerms = templates[k]["terms"]  # type: ignore[assignment]
        rows = templates[k]["rows"]
        text = json.dumps({"principal": str(terms.principal), "annual_rate": str(terms.annual_rate),
                           "installments": terms.installments, "disbursed": terms.disbursed.isoformat()})
        yield (i + 1, f"BN{i + 1:08d}", "active", "", f"Borrower {i + 1}", "", "", terms.principal, terms.annual_rate,
               terms.installments, terms.disbursed, terms.disbursed, rows[-1].due_date, text, 1,  # type: ignore[index]
               0, 0, 0, 0, 0, 0, yesterday, 0, "M0", "normal", 1, now)


def _create_temp_tables(sql: Dialect) -> None:
    sql.execute("CREATE TEMP TABLE bench_tpl (tpl integer, n integer, from_date date, due_date date, from_day integer, "
                "due_day integer, principal_fen bigint, interest_fen bigint, fee_fen bigint)", [])
    sql.execute("CREATE TEMP TABLE bench_loan (id bigint PRIMARY KEY, tpl integer, late_n integer)", [])


def _accrued(through: int) -> str:
    """SQL: a template due's interest recognised by the close of day number ``through`` (fen)."""
    return (f"CASE WHEN t.due_day <= {through} THEN t.interest_fen WHEN t.from_day >= {through} THEN 0 "
            f"ELSE (2 * t.interest_fen * ({through} - t.from_day) + (t.due_day - t.from_day)) "
            f"/ (2 * (t.due_day - t.from_day)) END")


def _expand_dues(sql: Dialect, closed: int) -> None:
    """Every loan's dues from its template: interest recognised through day ``closed`` (the last
    EOD), dues up to the business date (``closed`` + 1) paid on their due date in full (the payment
    recognised their interest and fee) unless the loan stopped paying at due ``late_n``."""
    money = "::numeric / 100" if sql.postgres else " / 100.0"
    paid = f"(t.due_day <= {closed + 1} AND (b.late_n = 0 OR t.n < b.late_n))"
    sql.execute(
        "INSERT INTO servicing_installment (loan_id, version, n, kind, from_date, due_date, principal, interest, fee, "
        "penalty, interest_accrued, fee_recognized, principal_paid, interest_paid, fee_paid, penalty_paid, "
        "interest_waived, fee_waived, settled_on, is_current) "
        f"SELECT b.id, 1, t.n, 'installment', t.from_date, t.due_date, t.principal_fen{money}, t.interest_fen{money}, "
        f"t.fee_fen{money}, 0, (CASE WHEN {paid} THEN t.interest_fen ELSE {_accrued(closed)} END){money}, "
        f"(CASE WHEN {paid} OR t.due_day <= {closed} THEN t.fee_fen ELSE 0 END){money}, "
        f"(CASE WHEN {paid} THEN t.principal_fen ELSE 0 END){money}, "
        f"(CASE WHEN {paid} THEN t.interest_fen ELSE 0 END){money}, "
        f"(CASE WHEN {paid} THEN t.fee_fen ELSE 0 END){money}, 0, 0, 0, "
        f"CASE WHEN {paid} THEN t.due_date END, %s FROM bench_loan b JOIN bench_tpl t ON t.tpl = b.tpl "
        "ORDER BY b.id, t.n",
        [True],
    )


def _loan_balances(sql: Dialect) -> None:
    fen, money = sql.fen, ("::numeric / 100" if sql.postgres else " / 100.0")
    sql.execute(
        f"UPDATE servicing_loan SET principal_outstanding = s.po{money}, interest_receivable = s.ir{money}, "
        f"fee_receivable = s.fr{money} FROM (SELECT loan_id, sum({fen('principal')} - {fen('principal_paid')}) AS po, "
        f"sum({fen('interest_accrued')} - {fen('interest_paid')}) AS ir, sum({fen('fee_recognized')} - {fen('fee_paid')}) "
        "AS fr FROM servicing_installment GROUP BY loan_id) AS s WHERE servicing_loan.id = s.loan_id",
        [],
    )


def _opening_entry(sql: Dialect, yesterday: date) -> None:
    ids = account_ids(["1301", "1132", "1133", "2501"])
    entry = JournalEntry.objects.create(entry_date=yesterday, kind="opening_balances", description="bench book",
                                        created_at=timezone.now())
    insert = ("INSERT INTO ledger_journalline (entry_id, account_id, entry_date, debit, credit, currency, subledger) ")
    for code, column in (("1301", "principal_outstanding"), ("1132", "interest_receivable"), ("1133", "fee_receivable")):
        sql.execute(insert + f"SELECT %s, %s, %s, {column}, 0, 'CNY', number FROM servicing_loan WHERE {column} > 0",
                    [entry.pk, ids[code], yesterday])
    sql.execute(insert + "SELECT %s, %s, %s, 0, sum(debit), 'CNY', '' FROM ledger_journalline WHERE entry_id = %s",
                [entry.pk, ids["2501"], yesterday, entry.pk])


def _write(sql: Dialect, table: str, columns: tuple[str, ...], rows: Iterator[tuple[object, ...]]) -> None:
    """Bulk-write rows: COPY on PostgreSQL (text format, 50,000 rows a batch), else executemany."""
    _progress(f"writing {table}")
    if not sql.postgres:
        marks = ", ".join("?" for _ in columns)
        sql.cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                               [tuple(_sqlite(v) for v in row) for row in rows])
        return
    with sql.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        buffer = io.StringIO()
        for n, row in enumerate(rows, start=1):
            buffer.write("\t".join(_text(v) for v in row))
            buffer.write("\n")
            if n % 50_000 == 0:
                copy.write(buffer.getvalue())
                buffer = io.StringIO()
        copy.write(buffer.getvalue())


def _text(value: object) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _sqlite(value: object) -> object:
    return str(value) if isinstance(value, Decimal) else value


def _progress(message: str) -> None:
    sys.stderr.write(f"bench: {message}\n")
    sys.stderr.flush()
