"""A loan that left the active book (paid off) gives back the provision it still holds at the next
EOD: Dr loan-loss allowance on the loan / Cr credit impairment losses; nothing else is charged."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from tests.integration.eod_fixtures import (
    business_date_set,
    ledger_balanced,
    loan_book,
    subledger_differences,
)

from autolend.ledger.models import JournalLine
from autolend.ledger.services import chart_ensure
from autolend.servicing.eod import eod_run
from autolend.servicing.models import Loan, LoanStatus

pytestmark = pytest.mark.django_db


def test_provision_of_a_loan_no_longer_active_is_released() -> None:
    chart_ensure()
    business_date_set(date(2024, 1, 15))
    loan = loan_book(principal=D("100000.00"), installments=12)
    eod_run(date(2024, 1, 15), date(2024, 1, 16), partitions=1)
    held = Loan.objects.get(pk=loan.pk).provision
    assert held == D("1000.00")  # 1% of 100,000 (interest accrued for a period not yet due is left out)
    Loan.objects.filter(pk=loan.pk).update(status=LoanStatus.PAID_OFF)

    eod_run(date(2024, 1, 17), partitions=1)
    loan.refresh_from_db()
    assert (loan.provision, loan.accrued_through) == (D("0.00"), date(2024, 1, 16))  # no accrual any more
    lines = JournalLine.objects.filter(entry_date=date(2024, 1, 17)).order_by("pk")
    assert list(lines.values_list("account__code", "subledger", "debit", "credit")) == [
        ("1304", loan.number, held, D("0")), ("6701", "", D("0"), held),
    ]
    assert ledger_balanced() and not subledger_differences()
    eod_run(date(2024, 1, 18), partitions=1)  # released once
    assert not JournalLine.objects.filter(entry_date=date(2024, 1, 18)).exists()
