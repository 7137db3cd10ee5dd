"""Collections end of day (催收日终): ``collections_eod(business_date)``, run by servicing's EOD as
the day steps ``collections_eod_step`` then ``reminders_send_step`` (after the units derived the
loans' ``days_past_due`` / ``dpd_bucket``, before the date closes), or alone from the CLI.

Set-based: every step is one SQL statement over all loans or open cases (no per-loan round
trips), in one transaction, and idempotent (a repeat for the same date changes nothing):
snapshots and bucket totals → close cured / paid-off / written-off cases → open cases at the first
missed due → evaluate promises to pay → refresh stage, score, priority → move queues by the
strategy table (escalation, SLA due dates) → SLA breaches → write-off recommendations → assign
collectors. Reminders go out afterwards in their own transaction (``reminders.reminders_send``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from time import perf_counter
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, transaction

from autolend.audit.services import audit_record
from autolend.collections import assignment
from autolend.collections.models import BucketSnapshot, BucketTotal, CollectionCase, PromiseToPay
from autolend.collections.policy import DEFAULT_TZ
from autolend.collections.scoring import band_sql, score_sql
from autolend.collections.strategy import HUMAN_QUEUES, Strategy, queue_sql, rank_sql
from autolend.servicing.models import Loan, LoanTransaction

CASE = CollectionCase._meta.db_table
PTP = PromiseToPay._meta.db_table
LOAN = Loan._meta.db_table
TXN = LoanTransaction._meta.db_table
PAID_KINDS = ("repayment", "prepayment", "payoff")


@dataclass
class CollectionsDay:
    business_date: date
    snapshots: int = 0
    opened: int = 0
    closed: int = 0
    promises_kept: int = 0
    promises_broken: int = 0
    queue_changes: int = 0
    sla_breaches: int = 0
    writeoff_recommended: int = 0
    assigned: int = 0
    reminders: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # wall time per step (for the bench)

    def timed(self, step: str, started: float) -> float:
        now = perf_counter()
        self.seconds[step] = round(now - started, 3)
        return now

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["business_date"] = self.business_date.isoformat()
        return out


def default_send_at(business_date: date, tz: str = DEFAULT_TZ) -> datetime:
    """Reminders of a closed date go out the next morning, 09:00 in the borrowers' zone."""
    return datetime.combine(business_date + timedelta(days=1), time(9, 0), tzinfo=ZoneInfo(tz))


def collections_eod(business_date: date, *, send_at: datetime | None = None, reminders: bool = True,
                    strategy: Strategy | None = None) -> CollectionsDay:
    """Run the collections step for ``business_date`` (after servicing's EOD for that date).
    ``send_at`` (aware; default ``default_send_at``) is when reminders are sent; ``strategy``
    defaults to the version in force on the date (``selectors.strategy_in_force``)."""
    from autolend.collections.reminders import reminders_send
    from autolend.collections.selectors import strategy_in_force

    strategy = strategy or strategy_in_force(business_date)

    day = CollectionsDay(business_date)
    t = perf_counter()
    with transaction.atomic(), connection.cursor() as cur:
        d = business_date
        day.snapshots = _snapshots(cur, d)
        t = day.timed("snapshots", t)
        day.closed = _close(cur, d)
        t = day.timed("close", t)
        day.opened = _open(cur, d, strategy)
        t = day.timed("open", t)
        day.promises_kept, day.promises_broken = _promises(cur, d)
        t = day.timed("promises", t)
        _refresh(cur, d)
        t = day.timed("refresh", t)
        day.queue_changes = _queues(cur, d, strategy)
        t = day.timed("queues", t)
        cur.execute(f"UPDATE {CASE} SET sla_breached = %s WHERE status = 'open' AND sla_breached = %s"
                    f" AND queue IN ({', '.join(['%s'] * len(HUMAN_QUEUES))}) AND sla_due < %s"
                    " AND (last_action_on IS NULL OR last_action_on < queue_since)",
                    [True, False, *sorted(HUMAN_QUEUES), d])
        day.sla_breaches = cur.rowcount
        cur.execute(f"UPDATE {CASE} SET writeoff_recommended_on = %s, writeoff_reason = 'dpd_over_limit'"
                    " WHERE status = 'open' AND writeoff_recommended_on IS NULL AND dpd > %s",
                    [d, strategy.writeoff_after_dpd])
        day.writeoff_recommended = cur.rowcount
        t = day.timed("sla_writeoff", t)
        day.assigned = assignment.cases_assign(d)
        t = day.timed("assign", t)
        audit_record("collections.eod", "business_day", d.isoformat(), after=day.as_json(), business_date=d)
    t = day.timed("commit", t)
    if reminders:
        day.reminders = reminders_send(business_date, send_at or default_send_at(business_date))
        day.timed("reminders", t)
    return day


def collections_eod_step(business_date: date) -> dict[str, Any]:
    """End of day's collections step (``AUTOLEND_EOD_DAY_STEPS``): the cases, without reminders
    (they are the next step, ``reminders_send_step``)."""
    return collections_eod(business_date, reminders=False).as_json()


def reminders_send_step(business_date: date) -> dict[str, int]:
    """End of day's reminders step: sent at ``default_send_at`` (09:00 the next morning in the
    borrowers' zone, inside contact hours), a time derived from the business date, never the clock."""
    from autolend.collections.reminders import reminders_send

    return reminders_send(business_date, default_send_at(business_date))


def _snapshots(cur: Any, d: date) -> int:
    snap, total = BucketSnapshot._meta.db_table, BucketTotal._meta.db_table
    cur.execute(f"DELETE FROM {snap} WHERE business_date = %s", [d])
    cur.execute(f"DELETE FROM {total} WHERE business_date = %s", [d])
    cur.execute(f"INSERT INTO {snap} (business_date, loan_id, dpd, bucket) SELECT %s, id, days_past_due, dpd_bucket"
                f" FROM {LOAN} WHERE status = 'active' AND days_past_due > 0", [d])
    rows = cur.rowcount
    cur.execute(f"INSERT INTO {total} (business_date, bucket, loans, principal) SELECT %s, dpd_bucket, COUNT(*),"
                f" SUM(principal_outstanding) FROM {LOAN} WHERE status = 'active' GROUP BY dpd_bucket", [d])
    return int(rows)


def _close(cur: Any, d: date) -> int:
    cur.execute(
        f"UPDATE {CASE} SET status = 'closed', closed_on = %s, close_reason = CASE WHEN l.status = 'active'"
        " THEN 'cured' WHEN l.status = 'paid_off' THEN 'paid_off' WHEN l.status = 'written_off' THEN 'written_off'"
        f" ELSE 'closed' END FROM {LOAN} l WHERE l.id = {CASE}.loan_id AND {CASE}.status = 'open'"
        " AND (l.status <> 'active' OR l.days_past_due = 0)", [d])
    return int(cur.rowcount)


def _open(cur: Any, d: date, strategy: Strategy) -> int:
    cur.execute(
        f"INSERT INTO {CASE} (loan_id, status, opened_on, close_reason, dpd, max_dpd, bucket, score, band, queue,"
        " queue_since, escalations, manual_queue, priority, sla_breached, broken_promises, prior_cases,"
        " strategy_version, writeoff_reason)"
        " SELECT l.id, 'open', %s, '', l.days_past_due, l.days_past_due, l.dpd_bucket, 800, 'high', 'auto_message',"
        f" %s, 0, %s, 0, %s, 0, (SELECT COUNT(*) FROM {CASE} c WHERE c.loan_id = l.id), %s, ''"
        f" FROM {LOAN} l WHERE l.status = 'active' AND l.days_past_due > 0"
        f" AND NOT EXISTS (SELECT 1 FROM {CASE} c WHERE c.loan_id = l.id AND c.status = 'open')",
        [d, d, False, False, strategy.version])
    return int(cur.rowcount)


def _promises(cur: Any, d: date) -> tuple[int, int]:
    kinds = ", ".join(f"'{k}'" for k in PAID_KINDS)
    cur.execute(
        f"UPDATE {PTP} SET paid = COALESCE((SELECT SUM(t.amount) FROM {TXN} t WHERE t.loan_id = {PTP}.loan_id"
        f" AND t.kind IN ({kinds}) AND t.business_date >= {PTP}.promised_on AND t.business_date <= {PTP}.due_on"
        f" AND t.business_date <= %s AND NOT EXISTS (SELECT 1 FROM {TXN} r WHERE r.reverses_id = t.id)), 0)"
        " WHERE status = 'open'", [d])
    cur.execute(f"UPDATE {PTP} SET status = 'kept', evaluated_on = %s WHERE status = 'open' AND paid >= amount", [d])
    kept = int(cur.rowcount)
    cur.execute(f"UPDATE {PTP} SET status = 'broken', evaluated_on = %s WHERE status = 'open' AND due_on <= %s", [d, d])
    broken = int(cur.rowcount)
    if broken:
        cur.execute(f"UPDATE {CASE} SET broken_promises = (SELECT COUNT(*) FROM {PTP} p WHERE p.case_id = {CASE}.id"
                    f" AND p.status = 'broken') WHERE id IN (SELECT case_id FROM {PTP} WHERE status = 'broken'"
                    " AND evaluated_on = %s)", [d])
    return kept, broken


@lru_cache(maxsize=1)
def _alerts_table() -> str | None:
    """The collateral app's alert table, when it exists (collateral is consumed defensively;
    looked up once per process)."""
    try:
        from autolend.collateral.models import CollateralAlert
    except ImportError:
        return None
    table = CollateralAlert._meta.db_table
    return table if table in connection.introspection.table_names() else None


def _refresh(cur: Any, d: date) -> None:
    """Stage, score (scoring.score_sql), band and priority of every open case from its loan and
    the loan's open GPS / LTV alerts (counted once per loan in a derived table)."""
    table = _alerts_table()
    alerts = (f"LEFT JOIN (SELECT loan_id, COUNT(*) AS n FROM {table} WHERE is_open = TRUE AND loan_id IS NOT NULL"
              " GROUP BY loan_id) a ON a.loan_id = l.id" if table else "")
    count = "COALESCE(a.n, 0)" if table else "0"
    score = score_sql("x.dpd", f"{CASE}.prior_cases", "x.alerts", f"{CASE}.broken_promises")
    cur.execute(
        f"UPDATE {CASE} SET dpd = x.dpd, bucket = x.bucket,"
        f" max_dpd = CASE WHEN x.dpd > {CASE}.max_dpd THEN x.dpd ELSE {CASE}.max_dpd END,"
        f" score = {score}, band = {band_sql(score)}, priority = x.dpd * 10 + (900 - {score})"
        f" FROM (SELECT l.id, l.days_past_due AS dpd, l.dpd_bucket AS bucket, {count} AS alerts"
        f" FROM {LOAN} l {alerts} WHERE l.id IN (SELECT loan_id FROM {CASE} WHERE status = 'open')) x"
        f" WHERE x.id = {CASE}.loan_id AND {CASE}.status = 'open'")


def _queues(cur: Any, d: date, strategy: Strategy) -> int:
    new = queue_sql("bucket", "band", strategy)
    sla = " ".join(f"WHEN {new} = '{q}' THEN %s" for q in strategy.sla_days)
    sla_params = [d + timedelta(days=n) for n in strategy.sla_days.values()]
    cur.execute(
        f"UPDATE {CASE} SET queue = {new}, queue_since = %s, sla_due = CASE {sla} ELSE NULL END, sla_breached = %s,"
        f" escalations = escalations + CASE WHEN opened_on < %s AND {rank_sql(new)} > {rank_sql('queue')} THEN 1 ELSE 0 END,"
        f" manual_queue = %s WHERE status = 'open' AND (queue <> {new} OR sla_due IS NULL)"
        f" AND NOT (manual_queue = %s AND {rank_sql(new)} <= {rank_sql('queue')})",
        [d, *sla_params, False, d, False, True])
    return int(cur.rowcount)
