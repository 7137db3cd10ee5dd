"""A dealer's monthly commission statement: one line per loan it brought that was disbursed in
the month, at the rate in force on the disbursement date (its own rate for the product, else the
default rate, else the setting), rounded half-up to the fen; the same figures as CSV."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from autolend.dealer_portal.commission import commission_statement
from autolend.dealer_portal.services import CommissionError, commission_rate_set
from autolend.dealer_portal.testing import booked, dealer_user, disburse
from autolend.origination import testing as t
from autolend.servicing.testing import fresh_books

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    t.configure(settings, tmp_path)
    t.seed_catalogue()
    fresh_books()
    settings.AUTOLEND_DEALER_COMMISSION_PCT = "0.8"


@pytest.fixture
def book() -> dict[str, Any]:
    north, south = t.dealer("North Motors"), t.dealer("South Motors")
    commission_rate_set("NEWCAR", "1.5", effective_from=date(2025, 1, 1))  # every dealer
    commission_rate_set("NEWCAR", "2", effective_from=date(2025, 3, 15), dealer=north)  # north's own, later
    loans = {}
    for key, dealer, amount, day in [("a", north, "83333.33", date(2025, 3, 10)),
                                     ("b", north, "80000.00", date(2025, 3, 20)),
                                     ("c", north, "90000.00", date(2025, 4, 2)),
                                     ("other", south, "70000.00", date(2025, 3, 12))]:
        _, loan = booked(dealer, amount=amount, down_payment="50000")
        loans[key] = disburse(loan, day)
    return {"north": north, "south": south, "loans": loans}


def test_the_march_statement(book: dict[str, Any]) -> None:
    statement = commission_statement(book["north"], date(2025, 3, 31))
    a, b = book["loans"]["a"], book["loans"]["b"]
    assert [(line.loan_number, line.principal, line.rate_pct, line.commission) for line in statement.lines] == [
        (a.number, Decimal("83333.33"), Decimal("1.5"), Decimal("1250.00")),  # 1249.99995 rounds half-up
        (b.number, Decimal("80000.00"), Decimal("2"), Decimal("1600.00"))]
    assert (statement.principal_total, statement.commission_total) == (Decimal("163333.33"), Decimal("2850.00"))
    south = commission_statement(book["south"], date(2025, 3, 1))
    assert [(line.rate_pct, line.commission) for line in south.lines] == [(Decimal("1.5"), Decimal("1050.00"))]


def test_without_a_rate_the_setting_applies(book: dict[str, Any]) -> None:
    april = commission_statement(book["north"], date(2025, 4, 1))  # north's own 2% applies from March 15
    assert [(line.rate_pct, line.commission) for line in april.lines] == [(Decimal("2"), Decimal("1800.00"))]
    from autolend.dealer_portal.models import CommissionRate

    CommissionRate.objects.all().delete()
    assert commission_statement(book["north"], date(2025, 4, 1)).commission_total == Decimal("720.00")  # 0.8%


def test_the_page_and_the_csv(book: dict[str, Any], client: Client) -> None:
    client.force_login(dealer_user(book["north"], "seller-commission"))
    html = client.get("/dealer/commissions/?month=2025-03", headers={"Accept-Language": "en"}).content.decode()
    assert 'id="commission-total">2850.00<' in html and 'id="principal-total">163333.33<' in html
    assert book["loans"]["other"].number not in html and book["loans"]["c"].number not in html
    response = client.get("/dealer/commissions.csv?month=2025-03", headers={"Accept-Language": "zh-hans"})
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["贷款", "申请", "客户", "产品", "放款日期", "本金（元）", "费率（%）", "佣金（元）"]
    assert [row[5:] for row in rows[1:]] == [["83333.33", "1.5", "1250.00"], ["80000.00", "2", "1600.00"],
                                            ["163333.33", "", "2850.00"]]
    bad = client.get("/dealer/commissions/?month=2025-13", headers={"Accept-Language": "en"})
    assert bad.status_code == 400 and "Enter a month as YYYY-MM." in bad.content.decode()
    assert client.get("/dealer/commissions.csv?month=March").status_code == 400


def test_a_bad_rate_is_refused() -> None:
    with pytest.raises(CommissionError) as refused:
        commission_rate_set("NEWCAR", "101", effective_from=date(2025, 1, 1))
    assert refused.value.field == "rate_pct"
