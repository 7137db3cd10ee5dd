"""The dealer follows the funding of its booked loans: booked (waiting for a disbursement
request) → disbursement pending approval (a second person must approve) → paid out to the
dealer's account with the amount, date and bank reference; a rejected request says so."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from autolend.dealer_portal.testing import booked, dealer_user, disburse
from autolend.identity.models import Role
from autolend.origination import testing as t
from autolend.servicing.services import approval_reject
from autolend.servicing.testing import fresh_books

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    t.configure(settings, tmp_path)
    t.seed_catalogue()
    fresh_books()


def status(html: str, loan_number: str) -> str:
    found = re.search(rf'<tr data-loan="{loan_number}">.*?data-funding="(\w+)"', html, re.S)
    assert found, loan_number
    return found.group(1)


def test_booked_pending_paid(client: Client) -> None:
    north = t.dealer("North Motors")
    app, loan = booked(north, amount="100000", down_payment="50000")
    client.force_login(dealer_user(north, "seller-funding"))
    assert status(client.get("/dealer/funding/").content.decode(), loan.number) == "booked"
    request = disburse(loan, date(2025, 3, 10), approve=False)
    html = client.get("/dealer/funding/", headers={"Accept-Language": "en"}).content.decode()
    assert status(html, loan.number) == "pending" and "Disbursement pending approval" in html
    from autolend.servicing.services import disbursement_approve

    disbursement_approve(request, t.user("fin-checker", Role.FINANCE), date(2025, 3, 10))
    html = client.get("/dealer/funding/", headers={"Accept-Language": "zh-hans"}).content.decode()
    assert status(html, loan.number) == "paid" and "已放款" in html
    row = re.search(rf'<tr data-loan="{loan.number}">(.*?)</tr>', html, re.S)
    assert row is not None
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    payout = Decimal("100000.00") - Decimal(loan.terms["fee_upfront"])  # an upfront fee is deducted
    assert cells[2] == "100000.00" and cells[4] == f"{payout:.2f}" and cells[5] == "2025-03-10" and cells[6].startswith("SIM")
    page = client.get(f"/dealer/applications/{app.pk}/").content.decode()
    assert 'data-funding="paid"' in page and loan.number in page


def test_a_rejected_request_is_shown(client: Client) -> None:
    north = t.dealer("North Motors")
    _, loan = booked(north)
    request = disburse(loan, date(2025, 3, 10), approve=False)
    approval_reject(request.pk, t.user("fin-checker", Role.FINANCE), date(2025, 3, 10), "payee account unverified")
    client.force_login(dealer_user(north, "seller-rejected"))
    assert status(client.get("/dealer/funding/").content.decode(), loan.number) == "rejected"
