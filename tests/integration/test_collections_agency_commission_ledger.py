"""Outside-agency commission is posted to the ledger: accrued on each recovery the agency brings in
(Dr collection commission expense 6421 / Cr agency commission payable 2245, subledger = the loan)
and cleared when finance pays the agency (Dr 2245 / Cr bank 1002); both idempotent, the trial
balance balances throughout.

Worked example: a 100,000.00 loan written off; the agency (20 %) recovers 12,345.67 on 2024-09-01
→ commission 2,469.13 (half-up to the fen) and 5,000.00 on 2024-09-10 → 1,000.00; paid on
2024-09-30: 3,469.13 in one entry, nothing left payable.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from autolend.collections.models import Agency, AgencyCommission, CollectionCase
from autolend.collections.services import (
    agency_commission_pay,
    agency_place,
    recovery_record,
    writeoff_approve,
    writeoff_propose,
)
from autolend.collections.services._common import CollectionsError
from autolend.collections.testing import dpd_set, person, run
from autolend.ledger.models import JournalEntry
from autolend.servicing.testing import assert_books_clean, books, disbursed_loan, fresh_books, lines

pytestmark = pytest.mark.django_db
WRITTEN_OFF = date(2024, 8, 20)
PAID = date(2024, 9, 30)


def written_off_and_placed() -> tuple[str, Agency]:
    fresh_books()
    loan = disbursed_loan()
    dpd_set(loan, 190)
    run(WRITTEN_OFF)
    case = CollectionCase.objects.get(loan=loan)
    maker, checker = person("maker", "collector"), person("risk", "risk_manager")
    agency = Agency.objects.create(name="Acme Recovery", commission_percent=D("20"))
    agency_place(case, agency, maker, WRITTEN_OFF)
    writeoff_approve(writeoff_propose(case, maker, WRITTEN_OFF), checker, WRITTEN_OFF)
    return loan.number, agency


def test_accrued_on_recovery_then_paid() -> None:
    number, agency = written_off_and_placed()
    recovery_record(number, D("12345.67"), date(2024, 9, 1), "rec-1")
    recovery_record(number, D("5000.00"), date(2024, 9, 10), "rec-2")
    recovery_record(number, D("5000.00"), date(2024, 9, 10), "rec-2")  # a replay accrues nothing more
    first, second = AgencyCommission.objects.order_by("pk")
    assert (first.commission, second.commission) == (D("2469.13"), D("1000.00"))
    assert lines(first.accrual_entry) == [("Dr", "6421", D("2469.13")), ("Cr", "2245", D("2469.13"))]
    assert first.accrual_entry.lines.get(account__code="2245").subledger == number
    assert lines(second.accrual_entry) == [("Dr", "6421", D("1000.00")), ("Cr", "2245", D("1000.00"))]
    assert books()["2245"] == D("3469.13") and books()["6421"] == D("3469.13")
    assert_books_clean()

    finance = person("finance", "finance")
    payment = agency_commission_pay(agency, PAID, "acme-2024-09", actor=finance)
    assert payment.total == D("3469.13") and not payment.replayed
    assert lines(payment.entry) == [("Dr", "2245", D("2469.13")), ("Dr", "2245", D("1000.00")),
                                    ("Cr", "1002", D("3469.13"))]
    assert books()["2245"] == D("0.00") and books()["6421"] == D("3469.13")
    assert set(AgencyCommission.objects.values_list("paid_on", flat=True)) == {PAID}
    again = agency_commission_pay(agency, PAID, "acme-2024-09", actor=finance)
    assert again.replayed and again.entry.pk == payment.entry.pk
    assert JournalEntry.objects.filter(kind="agency_commission_payment").count() == 1
    with pytest.raises(CollectionsError, match="no commission to pay"):
        agency_commission_pay(agency, PAID, "acme-2024-10", actor=finance)
    assert_books_clean()
