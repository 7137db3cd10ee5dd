"""The dashboard's figures: set-based reads (a handful of grouped queries, whatever the book size).

* ``application_funnel``: applications that reached each stage (submitted → approved → offer
  accepted → contract signed → booked), withdrawn and expired ones counted up to where they got;
* ``approval_rates``: per ISO week (Monday) of the decision date, approved ÷ decided;
* ``disbursed_by_month``: loans and principal disbursed per month, and the principal
  outstanding at each month end from the ledger (principal-receivable accounts, debit − credit);
* ``dpd_distribution`` and ``classification_provisions``: active loans per DPD bucket and per
  class of the five-tier classification (五级分类) with principal outstanding and provisions.
Amounts are Decimal yuan; rates are Decimal percent to two places.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import TruncMonth, TruncWeek

from autolend.kernel.money import FEN, ZERO
from autolend.ledger.chart import AccountRole
from autolend.ledger.models import AccountMapping, JournalLine
from autolend.origination.models import (
    Application,
    ApplicationStatus,
    Contract,
    ContractStatus,
    Offer,
)
from autolend.servicing.models import Classification, Loan, LoanStatus

S = ApplicationStatus
STAGES = ("submitted", "approved", "accepted", "signed", "booked")
_LATER = {"approved": {S.APPROVED, S.OFFER_ACCEPTED, S.CONTRACT_SIGNED, S.BOOKED},
          "accepted": {S.OFFER_ACCEPTED, S.CONTRACT_SIGNED, S.BOOKED},
          "signed": {S.CONTRACT_SIGNED, S.BOOKED},
          "booked": {S.BOOKED}}
PCT = Decimal("0.01")


def _yuan(value: object) -> Decimal:
    """A database sum (None when no rows; unscaled on SQLite) as yuan to the fen."""
    return Decimal(str(value or 0)).quantize(FEN)


def _pct(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    return None if not whole else (Decimal(part) * 100 / Decimal(whole)).quantize(PCT, rounding=ROUND_HALF_UP)


def _approved() -> Q:
    """Reached approval: now at approval or later, or closed (withdrawn / expired) with an offer."""
    closed = Q(status__in=[S.WITHDRAWN, S.EXPIRED]) & Exists(Offer.objects.filter(application=OuterRef("pk")))
    return Q(status__in=_LATER["approved"]) | closed


def application_funnel() -> list[tuple[str, int, Decimal | None]]:
    """(stage, applications that reached it, % of submitted) in order; one query."""
    accepted = Exists(Offer.objects.filter(application=OuterRef("pk"), accepted_at__isnull=False))
    signed = Exists(Contract.objects.filter(application=OuterRef("pk"), status=ContractStatus.SIGNED))
    row = Application.objects.exclude(status=S.DRAFT).aggregate(
        submitted=Count("id"),
        approved=Count("id", filter=_approved()),
        accepted=Count("id", filter=Q(status__in=_LATER["accepted"]) | accepted),
        signed=Count("id", filter=Q(status__in=_LATER["signed"]) | signed),
        booked=Count("id", filter=Q(status=S.BOOKED)),
    )
    return [(stage, row[stage], _pct(row[stage], row["submitted"])) for stage in STAGES]


@dataclass(frozen=True)
class WeekRate:
    week: date  # the Monday
    decided: int
    approved: int
    rate: Decimal | None  # percent


def approval_rates(as_of: date, weeks: int = 12) -> list[WeekRate]:
    """The last ``weeks`` ISO weeks up to ``as_of``: decided applications (not still referred)
    by the week of their decision date, how many were approved and the rate; one query."""
    start = as_of - timedelta(days=as_of.weekday()) - timedelta(weeks=weeks - 1)
    rows = (Application.objects.filter(decided_on__gte=start, decided_on__lte=as_of)
            .exclude(status__in=[S.REFERRED, S.SUBMITTED, S.DRAFT])
            .annotate(week=TruncWeek("decided_on")).values("week")
            .annotate(decided=Count("id"), approved=Count("id", filter=_approved())))
    found = {_day(r["week"]): (r["decided"], r["approved"]) for r in rows}
    out = []
    for k in range(weeks):
        week = start + timedelta(weeks=k)
        decided, approved = found.get(week, (0, 0))
        out.append(WeekRate(week, decided, approved, _pct(approved, decided)))
    return out


@dataclass(frozen=True)
class MonthBook:
    month: date  # the first day
    loans: int
    disbursed: Decimal
    outstanding: Decimal  # principal outstanding at the month's end (ledger)


def _months(as_of: date, months: int) -> list[date]:
    first = as_of.replace(day=1)
    out = []
    for _ in range(months):
        out.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return out[::-1]


def disbursed_by_month(as_of: date, months: int = 12) -> list[MonthBook]:
    """The last ``months`` calendar months up to ``as_of``'s; three queries."""
    firsts = _months(as_of, months)
    start = firsts[0]
    disbursed = {_day(r["month"]): (r["n"], r["total"] or ZERO) for r in
                 Loan.objects.filter(disbursed_on__gte=start, disbursed_on__lte=as_of)
                 .annotate(month=TruncMonth("disbursed_on")).values("month")
                 .annotate(n=Count("id"), total=Sum("principal"))}
    accounts = AccountMapping.objects.filter(role=AccountRole.PRINCIPAL_RECEIVABLE).values("account_id")
    lines = JournalLine.objects.filter(account_id__in=accounts, entry_date__lte=as_of)
    opening = lines.filter(entry_date__lt=start).aggregate(d=Sum("debit"), c=Sum("credit"))
    balance = (opening["d"] or ZERO) - (opening["c"] or ZERO)
    moves = {_day(r["month"]): (r["d"] or ZERO) - (r["c"] or ZERO) for r in
             lines.filter(entry_date__gte=start).annotate(month=TruncMonth("entry_date")).values("month")
             .annotate(d=Sum("debit"), c=Sum("credit"))}
    out = []
    for first in firsts:
        balance += moves.get(first, ZERO)
        n, total = disbursed.get(first, (0, ZERO))
        out.append(MonthBook(first, n, _yuan(total), _yuan(balance)))
    return out


@dataclass(frozen=True)
class Slice:
    key: str
    loans: int
    outstanding: Decimal
    provision: Decimal
    coverage: Decimal | None  # provision ÷ outstanding, percent


def _slices(field: str, keys: list[str]) -> list[Slice]:
    rows = {r[field]: r for r in Loan.objects.filter(status=LoanStatus.ACTIVE).values(field)
            .annotate(n=Count("id"), out=Sum("principal_outstanding"), prov=Sum("provision"))}
    out = []
    for key in keys:
        row = rows.get(key, {})
        outstanding, provision = _yuan(row.get("out")), _yuan(row.get("prov"))
        out.append(Slice(key, row.get("n", 0), outstanding, provision, _pct(provision, outstanding)))
    return out


def dpd_distribution(buckets: tuple[str, ...]) -> list[Slice]:
    """Active loans per DPD bucket (as the last end of day left them); one query."""
    return _slices("dpd_bucket", list(buckets))


def classification_provisions() -> list[Slice]:
    """Active loans per class of the five-tier classification with provisions held; one query."""
    return _slices("classification", list(Classification.values))


def _day(value: object) -> date:
    """A truncated date from the database (a datetime on some backends) as a date."""
    return value.date() if hasattr(value, "date") and callable(value.date) else value  # type: ignore[return-value]
