"""Finance pays an agency's commission from the agencies page (``payment.post``, POST with CSRF):
one entry Dr agency commission payable 2245 / Cr bank 1002 for everything accrued; the same form
submitted twice pays once; a collector sees the page but cannot pay (403).

Worked example: recovery 12,345.67 through a 20 % agency → commission 2,469.13."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.test import Client

from autolend.collections.models import Agency, AgencyCommission, CollectionCase
from autolend.collections.services import (
    agency_place,
    recovery_record,
    writeoff_approve,
    writeoff_propose,
)
from autolend.collections.testing import dpd_set, person, run
from autolend.identity.models import Role, User
from autolend.identity.testing import login
from autolend.ledger.models import JournalEntry
from autolend.servicing.models import BusinessDay
from autolend.servicing.testing import assert_books_clean, books, disbursed_loan, fresh_books, lines

pytestmark = pytest.mark.django_db
URL = "/backoffice/collections/agencies/"
TOKEN = "a" * 32
D0 = date(2024, 8, 20)


def signed_in(role: Role, username: str) -> Client:
    client = login(Client(enforce_csrf_checks=True), User.objects.create_user(username=username, password="x", role=role))
    client.cookies["csrftoken"] = TOKEN
    return client


def test_finance_pays_once_from_the_page() -> None:
    fresh_books()
    loan = disbursed_loan()
    dpd_set(loan, 190)
    run(D0)
    case = CollectionCase.objects.get(loan=loan)
    agency = Agency.objects.create(name="Acme Recovery", commission_percent=D("20"))
    agency_place(case, agency, None, D0)
    writeoff_approve(writeoff_propose(case, person("maker", "collector"), D0), person("risk", "risk_manager"), D0)
    recovery_record(loan.number, D("12345.67"), date(2024, 9, 1), "rec-1")
    BusinessDay.objects.create(id=1, business_date=date(2024, 9, 30))

    collector = signed_in(Role.COLLECTOR, "c1")
    page = collector.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    table = page[page.find('id="agencies"'):][:900]
    assert "Acme Recovery" in page and "2469.13 (1)" in page and "Pay commission" not in page, table
    form = {"idempotency_key": "agency-form-1", "csrfmiddlewaretoken": TOKEN}
    assert collector.post(f"{URL}{agency.pk}/pay/", form).status_code == 403
    finance = signed_in(Role.FINANCE, "f1")
    assert "支付佣金" in finance.get(URL).content.decode()
    done = finance.post(f"{URL}{agency.pk}/pay/", form, follow=True, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Commission of 2469.13 yuan paid to Acme Recovery." in done
    finance.post(f"{URL}{agency.pk}/pay/", form)  # the same form again: a replay
    entry = JournalEntry.objects.get(kind="agency_commission_payment")
    assert lines(entry) == [("Dr", "2245", D("2469.13")), ("Cr", "1002", D("2469.13"))]
    assert AgencyCommission.objects.get().paid_on == date(2024, 9, 30) and books()["2245"] == D("0.00")
    nothing = finance.post(f"{URL}{agency.pk}/pay/", {**form, "idempotency_key": "agency-form-2"},
                           follow=True).content.decode()
    assert "该机构没有待付佣金" in nothing
    assert_books_clean()
