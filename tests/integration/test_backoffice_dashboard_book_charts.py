"""The dashboard draws the book as charts with their figures beside them: disbursed per month and
principal outstanding at each month end (from the ledger), active loans per DPD bucket, and the
five-tier classification with provisions and coverage — inline SVG, nothing from a CDN."""

from __future__ import annotations

import re

import pytest
from tests.integration.interfaces_fixtures import active_loan, signed_in

from autolend.identity.models import Role
from autolend.servicing.models import Loan
from autolend.servicing.testing import fresh_books

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def loan() -> Loan:
    fresh_books()
    loan = active_loan()  # 100,000.00 disbursed 2024-01-15; business date 2024-02-15
    Loan.objects.filter(pk=loan.pk).update(dpd_bucket="M1", days_past_due=12, classification="special_mention",
                                           provision="2500.00")
    return loan


def row(html: str, attribute: str, key: str) -> list[str]:
    found = re.search(rf'<tr {attribute}="{re.escape(key)}">(.*?)</tr>', html, re.S)
    assert found, (attribute, key)
    return re.findall(r'<td class="num"[^>]*>([^<]*)</td>', found.group(1))


def test_disbursed_outstanding_dpd_and_classes_in_figures() -> None:
    html = signed_in(Role.RISK_MANAGER).get("/backoffice/").content.decode()
    assert row(html, "data-month", "2024-01") == ["1", "100000.00", "100000.00"]
    assert row(html, "data-month", "2024-02") == ["0", "0.00", "100000.00"]
    assert row(html, "data-month", "2023-12") == ["0", "0.00", "0.00"]
    assert row(html, "data-bucket", "M1") == ["1", "100000.00"]
    assert row(html, "data-bucket", "M0") == ["0", "0.00"]
    assert row(html, "data-class", "special_mention") == ["1", "100000.00", "2500.00", "2.50"]
    assert row(html, "data-class", "normal") == ["0", "0.00", "0.00", "—"]
    assert 'id="provision-total">2500.00<' in html


def test_the_charts_are_inline_svg_with_readable_labels_in_both_languages() -> None:
    english = signed_in(Role.AUDITOR, "auditor-en").get("/backoffice/").content.decode()
    for chart in ("chart-funnel", "chart-approval", "chart-book", "chart-dpd", "chart-classes"):
        assert f'<svg xmlns="http://www.w3.org/2000/svg" class="chart dash-chart" id="{chart}"' in english
    assert "<title id=\"chart-book-title\">Disbursed and outstanding</title>" in english
    assert 'data-label="2024-01"' in english and 'data-label="Special mention"' in english
    assert "http://" not in english.replace("http://www.w3.org/2000/svg", "")  # nothing fetched from elsewhere
    chinese = signed_in(Role.AUDITOR, "auditor-zh", language="zh-hans").get("/backoffice/").content.decode()
    assert "<title id=\"chart-classes-title\">五级分类</title>" in chinese
    assert 'data-label="关注"' in chinese and "申请漏斗" in chinese
