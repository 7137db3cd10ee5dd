"""Dealer commission statements (佣金对账单): one line per loan the dealer brought that was
disbursed in the month, commission = principal × rate ÷ 100 rounded half-up to the fen.

The rate of a loan is the one in force on its disbursement date: the dealer's own row for the
product, else the default row (no dealer), else ``AUTOLEND_DEALER_COMMISSION_PCT`` (default 1).
A read over data: nothing is stored, so a statement can be produced again for any month.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Q

from autolend.dealer_portal.models import CommissionRate
from autolend.kernel.money import FEN, ZERO
from autolend.origination.models import Contract, ContractStatus
from autolend.parties.models import Dealer
from autolend.servicing.models import Loan


@dataclass(frozen=True)
class CommissionLine:
    loan_number: str
    application_number: str
    borrower_name: str
    product_code: str
    disbursed_on: date
    principal: Decimal
    rate_pct: Decimal
    commission: Decimal


@dataclass(frozen=True)
class CommissionStatement:
    dealer: Dealer
    month: date  # the first day of the month
    lines: list[CommissionLine]
    principal_total: Decimal
    commission_total: Decimal


def month_bounds(month: date) -> tuple[date, date]:
    """[first day, first day of the next month)."""
    first = month.replace(day=1)
    return first, (first.replace(year=first.year + 1, month=1) if first.month == 12
                   else first.replace(month=first.month + 1))


def default_rate() -> Decimal:
    return Decimal(str(getattr(settings, "AUTOLEND_DEALER_COMMISSION_PCT", "1")))


def commission_statement(dealer: Dealer, month: date) -> CommissionStatement:
    """The statement of ``dealer`` for the month containing ``month`` (three queries)."""
    first, after = month_bounds(month)
    contracts = dict(
        Contract.objects.filter(application__dealer=dealer, status=ContractStatus.SIGNED)
        .exclude(loan_number="").values_list("loan_number", "application__number")
    )
    loans = list(Loan.objects.filter(number__in=list(contracts), disbursed_on__gte=first, disbursed_on__lt=after)
                 .order_by("disbursed_on", "number"))
    rates = list(CommissionRate.objects.filter(Q(dealer=dealer) | Q(dealer__isnull=True),
                                               product_code__in={loan.product_code for loan in loans},
                                               effective_from__lt=after)
                 .order_by("-effective_from", "-pk"))
    lines = []
    for loan in loans:
        assert loan.disbursed_on is not None
        rate = _rate_on(rates, dealer, loan.product_code, loan.disbursed_on)
        lines.append(CommissionLine(
            loan_number=loan.number, application_number=contracts[loan.number], borrower_name=loan.borrower_name,
            product_code=loan.product_code, disbursed_on=loan.disbursed_on, principal=loan.principal,
            rate_pct=rate, commission=(loan.principal * rate / 100).quantize(FEN, rounding=ROUND_HALF_UP),
        ))
    return CommissionStatement(dealer=dealer, month=first, lines=lines,
                               principal_total=sum((line.principal for line in lines), ZERO),
                               commission_total=sum((line.commission for line in lines), ZERO))


def _rate_on(rates: list[CommissionRate], dealer: Dealer, product_code: str, day: date) -> Decimal:
    """The dealer's own rate in force on ``day``, else the default one, else the setting."""
    for own in (True, False):
        for row in rates:  # newest first
            if row.product_code == product_code and (row.dealer_id == dealer.pk) is own and row.effective_from <= day:
                return row.rate_pct
    return default_rate()


def statement_csv(statement: CommissionStatement, headers: list[str]) -> str:
    """The statement as CSV (UTF-8 text; the caller adds a BOM for spreadsheet programs)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for line in statement.lines:
        writer.writerow([line.loan_number, line.application_number, line.borrower_name, line.product_code,
                         line.disbursed_on.isoformat(), f"{line.principal:.2f}", f"{line.rate_pct.normalize():f}",
                         f"{line.commission:.2f}"])
    writer.writerow(["", "", "", "", "", f"{statement.principal_total:.2f}", "", f"{statement.commission_total:.2f}"])
    return out.getvalue()
