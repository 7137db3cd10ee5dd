"""Every back-office page renders for the roles allowed to see it, with the loan's data; the
header links to the back office for staff only."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation
from tests.integration.interfaces_fixtures import active_loan, signed_in

from autolend.identity.models import Role
from autolend.servicing.testing import fresh_books

pytestmark = pytest.mark.django_db

PAGES = {
    "/backoffice/": ["100000.00"],
    "/backoffice/loans/": ["AL00000001", "Zhang San"],
    "/backoffice/loans/?status=active&bucket=M0": ["AL00000001"],
    "/backoffice/loans/AL00000001/": ['id="schedule"', "2024-02-15", "8884.88", 'id="transactions"', 'id="events"'],
    "/backoffice/loans/AL00000001/?as_of=2024-02-15&valid_until=2024-02-20": ['id="quote-total"'],
    "/backoffice/approvals/": ['id="pending"'],
    "/backoffice/ledger/trial-balance/": ['id="trial-balance"', "100000.00"],
}


@pytest.fixture(autouse=True)
def loan() -> None:
    fresh_books()
    active_loan()


@pytest.mark.parametrize("role", [Role.OPERATIONS, Role.FINANCE, Role.AUDITOR, Role.ADMIN])
@pytest.mark.parametrize("url", PAGES)
def test_pages_render_for_allowed_roles(role: Role, url: str) -> None:
    response = signed_in(role, f"bo-{role.value}").get(url, headers={"Accept-Language": "en"})
    assert response.status_code == 200
    html = response.content.decode()
    for text in PAGES[url]:
        assert text in html, (url, text)


def test_operations_get_the_payment_form_and_journal_lines() -> None:
    html = signed_in(Role.OPERATIONS).get("/backoffice/loans/AL00000001/").content.decode()
    assert 'name="amount"' in html and 'id="journal"' in html


def test_chinese_first() -> None:
    html = signed_in(Role.OPERATIONS, language="zh-hans").get("/backoffice/").content.decode()
    with translation.override("zh-hans"):
        assert translation.pgettext("servicing", "Business date") == "业务日期"
    assert "业务日期" in html and "后台" in html


def _header(client: Client) -> str:
    page = client.get("/calculator/").content.decode()  # the home page itself lists every entry point
    return page[page.index("<header"):page.index("</header>")]


def test_the_header_links_staff_to_the_back_office() -> None:
    assert "/backoffice/" in _header(signed_in(Role.OPERATIONS))
    assert "/backoffice/" not in _header(signed_in(Role.BORROWER))
    assert "/backoffice/" not in _header(Client())
