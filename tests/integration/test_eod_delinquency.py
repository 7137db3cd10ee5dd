"""A missed instalment through EOD: DPD, bucket, penalty interest, classification and provisions.

670,000 at 4.9% over 360 months from 2024-01-15, nothing paid. Penalty rate = 4.9% × 1.5 =
7.35% a year on overdue principal, ÷ 360 a day, charged onto the oldest overdue due:
  2024-02-16 … 03-15 (29 days) on 820.04                        × 7.35% ÷ 360 = 0.17 a day
  2024-03-16 … 04-15 (31 days) on 820.04 + 823.39 = 1,643.43                   = 0.34 a day
  2024-04-16 … 05-15 (30 days) on 1,643.43 + 826.75 = 2,470.18                 = 0.50 a day
  2024-05-16             on 2,470.18 + 830.12 = 3,300.30                       = 0.67
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from tests.integration.eod_fixtures import (
    business_date_set,
    due_pay,
    ledger_balanced,
    loan_book,
    subledger_differences,
)

from autolend.ledger.models import JournalLine
from autolend.ledger.services import chart_ensure
from autolend.servicing.eod import eod_run
from autolend.servicing.models import Installment, Loan

pytestmark = pytest.mark.django_db


@pytest.fixture
def loan() -> Loan:
    chart_ensure()
    business_date_set(date(2024, 1, 15))
    return loan_book()


def _state(loan: Loan) -> tuple[int, str, str, int]:
    loan.refresh_from_db()
    return loan.days_past_due, loan.dpd_bucket, loan.classification, loan.ifrs_stage


def _penalty(loan: Loan) -> D:
    return Installment.objects.get(loan=loan, n=1).penalty


def _provision_lines(day: date) -> list[tuple[str, str, D, D]]:
    rows = JournalLine.objects.filter(entry__entry_date=day, entry__kind="eod_provision").order_by("pk")
    return list(rows.values_list("account__code", "subledger", "debit", "credit"))


def _exposure(loan: Loan) -> D:
    """EAD on the default basis: principal outstanding + receivables, less interest accrued for
    periods not yet due (dues after the last EOD date)."""
    loan.refresh_from_db()
    not_due = sum(
        (d.interest_accrued - d.interest_paid for d in Installment.objects.filter(loan=loan, due_date__gt=loan.accrued_through)),
        D("0"),
    )
    return loan.principal_outstanding + loan.interest_receivable + loan.fee_receivable + loan.penalty_receivable - not_due


def test_missed_instalment_dpd_bucket_penalty_classification_and_provision(loan: Loan) -> None:
    eod_run(date(2024, 1, 15), date(2024, 2, 15), partitions=1)
    assert _state(loan) == (0, "M0", "normal", 1)  # unpaid at the close of its due date: not overdue yet
    assert loan.provision == (_exposure(loan) / 100).quantize(D("0.01"))  # 1% general reserve

    eod_run(date(2024, 2, 16), partitions=1)
    assert _state(loan) == (1, "M1", "special_mention", 1)
    assert _penalty(loan) == D("0.17")
    penalty_lines = JournalLine.objects.filter(entry__entry_date=date(2024, 2, 16), account__code__in=["1134", "6031"])
    assert sorted(penalty_lines.values_list("account__code", "subledger", "debit", "credit")) == [
        ("1134", "AL0001", D("0.17"), D("0")), ("6031", "", D("0"), D("0.17")),
    ]
    # special mention: guideline 2% beats ECL stage 1 (2% × 45% = 0.9%)
    assert loan.provision == (_exposure(loan) * D("0.02")).quantize(D("0.01"))

    eod_run(date(2024, 2, 17), date(2024, 3, 16), partitions=1)
    assert _state(loan) == (30, "M1", "special_mention", 1)
    assert _penalty(loan) == D("4.93") + D("0.34")  # 29 days × 0.17, then 1,643.43 overdue
    eod_run(date(2024, 3, 17), partitions=1)
    assert _state(loan) == (31, "M2", "special_mention", 2)
    assert loan.provision == (_exposure(loan) * D("0.09")).quantize(D("0.01"))  # stage 2: 20% × 45%

    eod_run(date(2024, 3, 18), date(2024, 5, 15), partitions=1)
    assert _state(loan) == (90, "M3", "special_mention", 2)
    before = loan.provision
    eod_run(date(2024, 5, 16), partitions=1)
    assert _state(loan) == (91, "M4", "substandard", 3)
    assert _penalty(loan) == D("4.93") + D("10.54") + D("15.00") + D("0.67")
    assert loan.penalty_receivable == D("31.14")
    assert loan.provision == (_exposure(loan) * D("0.45")).quantize(D("0.01"))  # ECL 45% > 25%
    rise = loan.provision - before
    assert _provision_lines(date(2024, 5, 16)) == [("1304", "AL0001", D("0"), rise), ("6701", "", rise, D("0"))]
    assert ledger_balanced() and not subledger_differences()


def test_payment_after_eod_cures_the_loan_at_the_next_eod(loan: Loan) -> None:
    eod_run(date(2024, 1, 15), date(2024, 5, 16), partitions=1)
    held = Loan.objects.get(pk=loan.pk).provision
    paid = sum((due_pay(loan, n, date(2024, 5, 17)) for n in (1, 2, 3, 4)), D("0"))
    assert paid == 4 * D("3555.87") + D("31.14")  # four instalments and the penalty
    eod_run(date(2024, 5, 17), partitions=1)
    assert _state(loan) == (0, "M0", "normal", 1)
    assert _penalty(loan) == D("31.14")  # nothing more charged
    assert loan.provision == (_exposure(loan) / 100).quantize(D("0.01"))
    fall = held - loan.provision
    assert _provision_lines(date(2024, 5, 17)) == [("1304", "AL0001", fall, D("0")), ("6701", "", D("0"), fall)]
    assert ledger_balanced() and not subledger_differences()


def test_compound_interest_on_overdue_interest_when_the_terms_say_so() -> None:
    chart_ensure()
    business_date_set(date(2024, 1, 15))
    loan = loan_book(terms={"penalty_rate": "7.3500", "compound_interest": True})
    eod_run(date(2024, 1, 15), date(2024, 2, 16), partitions=1)
    # (820.04 + 2,735.83) × 7.35% ÷ 360 = 0.725990… → 0.73
    assert _penalty(loan) == D("0.73")
    assert ledger_balanced() and not subledger_differences()


def test_restructured_loan_is_substandard_during_its_observation_period() -> None:
    chart_ensure()
    business_date_set(date(2024, 1, 15))
    loan = loan_book(restructured_until=date(2024, 1, 20))
    eod_run(date(2024, 1, 15), partitions=1)
    assert _state(loan) == (0, "M0", "substandard", 3)
    assert loan.provision == D("301500.00")  # 45% of 670,000 (ECL stage 3 > 25%)
    eod_run(date(2024, 1, 16), date(2024, 1, 21), partitions=1)
    assert _state(loan) == (0, "M0", "normal", 1)
    assert ledger_balanced() and not subledger_differences()
