"""The loan calculator page (/calculator/) shows the kernel's quote, APR first, in both languages.

The page is a GET form so results can be shared by URL. Missing parameters take the example's
defaults. Bad parameters re-render the form with translated errors and status 400 (a GET with a bad
query string is a bad request); never a 500. Language: 简体中文 by default, English from the
browser's Accept-Language header (or the django_language cookie set by /i18n/setlang/).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

import autolend.web
from autolend.kernel.quote import schedule_quote, terms_from_request

pytestmark = pytest.mark.django_db

EN = {"accept-language": "en"}
EXAMPLE = {
    "price": "150000", "down_payment": "30000", "term": "36", "method": "annuity", "rate": "8.88",
    "service_fee": "2000", "gps_fee": "1500", "monthly_fee": "0", "disbursed": "2026-01-15",
}
CSS = Path(autolend.web.__file__).parent / "static" / "web" / "calculator.css"


def kernel_quote(query: dict[str, str]) -> dict[str, Any]:
    """What the page must show: the kernel's quote of the equivalent request."""
    request = {
        "principal": str(Decimal(query["price"]) - Decimal(query["down_payment"])),
        "annual_rate": query["rate"],
        "installments": int(query["term"]),
        "disbursed": query["disbursed"],
        "method": query["method"],
        "fee_upfront": str(Decimal(query["service_fee"]) + Decimal(query["gps_fee"])),
        "fee_per_installment": query["monthly_fee"],
    }
    if query["method"] == "balloon":
        request["balloon"] = query["balloon"]
    return schedule_quote(terms_from_request(request))


def money(value: str) -> str:
    """An amount as displayed: thousands separators, two decimals."""
    return f"{Decimal(value).quantize(Decimal('0.01'), ROUND_HALF_UP):,.2f}"


def rate(value: str) -> str:
    """A percentage as displayed: two decimals, half-up, with the sign."""
    return f"{Decimal(value).quantize(Decimal('0.01'), ROUND_HALF_UP)}%"


def text_of(page: str, element_id: str) -> str:
    """The text inside the element with ``element_id`` (tags removed)."""
    match = re.search(rf'<(\w+)[^>]*\bid="{element_id}"[^>]*>(.*?)</\1>', page, re.S)
    assert match, f"no element #{element_id}"
    return re.sub(r"<[^>]+>", "", match.group(2)).strip()


def classes_of(page: str, element_id: str) -> set[str]:
    match = re.search(rf'<\w+ class="([^"]*)" id="{element_id}"', page)
    assert match, f"no element #{element_id} with a class"
    return set(match.group(1).split())


def get(client: Client, query: dict[str, str] | None = None, **headers: str) -> tuple[int, str]:
    response = client.get("/calculator/", query or {}, headers=headers or None)
    return response.status_code, response.content.decode()


# --- the page in both languages -------------------------------------------------------------------


def test_default_page_is_in_chinese_with_the_example(client: Client) -> None:
    response = client.get("/calculator/")
    assert response.status_code == 200
    assert response["Content-Language"] == "zh-hans"
    page = response.content.decode()
    assert '<html lang="zh-hans">' in page
    for text in ("贷款计算器", "年化利率", "单利年化利率", "月供", "还款计划", "车价", "首付", "期数",
                 "等额本息", "服务费", "GPS 费", "剩余本金", "本金与利息构成"):
        assert text in page, text
    for name, value in (("price", "150000"), ("down_payment", "30000"), ("rate", "8.88"),
                        ("service_fee", "2000"), ("gps_fee", "1500")):
        assert re.search(rf'name="{name}" value="{value}"', page), name
    assert '<option value="36" selected>' in page
    assert text_of(page, "loan-amount") == "120,000.00"  # 150,000 − 30,000
    assert text_of(page, "down-percent") == "20.0"
    assert 'aria-current="page"' in page  # the nav marks the calculator


def test_default_page_in_english_from_the_browser_language(client: Client) -> None:
    status, page = get(client, **EN)
    assert status == 200
    assert '<html lang="en">' in page
    for text in ("Loan calculator", "Annualised rate (APR, compound, IRR method)",
                 "Simple annualised rate", "Monthly payment", "Repayment schedule", "Vehicle price",
                 "Equal instalments (annuity)", "Remaining principal"):
        assert text in page, text
    assert "年化利率" not in page and "贷款计算器" not in page


def test_language_cookie_from_the_switcher(client: Client) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/calculator/"})
    assert "Annualised rate" in client.get("/calculator/").content.decode()


def test_partial_query_keeps_the_other_defaults_and_accepts_separators(client: Client) -> None:
    status, page = get(client, {"price": "200,000", "disbursed": "2026-01-15"})
    assert status == 200
    assert text_of(page, "loan-amount-total") == "¥170,000.00"


# --- the figures are the kernel's -----------------------------------------------------------------


def test_figures_equal_the_kernel_quote(client: Client) -> None:
    quote = kernel_quote(EXAMPLE)
    status, page = get(client, EXAMPLE)
    assert status == 200
    assert text_of(page, "monthly-payment") == money(quote["totals"]["regular_installment"]) == "3,809.27"
    assert text_of(page, "apr") == rate(quote["apr"]["effective_annual_percent"])
    assert text_of(page, "apr-simple") == rate(quote["apr"]["apr_percent"])
    assert text_of(page, "nominal-rate") == "8.88%"
    assert text_of(page, "total-interest") == "¥" + money(quote["totals"]["interest"])
    assert text_of(page, "total-fees") == "¥" + money(quote["totals"]["fees"])
    assert text_of(page, "total-repayment") == "¥" + money(quote["totals"]["repayment"])
    assert text_of(page, "total-cost") == "¥" + money(quote["totals"]["cost"])
    assert text_of(page, "loan-amount-total") == "¥120,000.00"
    assert quote["totals"]["fees"] == "3500.00"  # service 2,000 + GPS 1,500 upfront
    # The schedule table: one row per instalment, every amount formatted as the kernel's.
    table = text_of(page, "schedule")
    body = re.search(r"<tbody>(.*)</tbody>", page, re.S)
    assert body and body.group(1).count("<tr>") == 36
    for row in quote["installments"]:
        for key in ("principal", "interest", "total", "balance"):
            assert money(row[key]) in table
    first = quote["installments"][0]
    assert f'<time datetime="{first["due_date"]}">' in page
    assert "117,078.73" in table  # thousands separators, two decimals


def test_monthly_fee_is_in_the_payment_and_the_apr(client: Client) -> None:
    query = {**EXAMPLE, "monthly_fee": "50"}
    quote = kernel_quote(query)
    page = get(client, query)[1]
    assert text_of(page, "monthly-payment") == money(quote["installments"][0]["total"])
    assert text_of(page, "monthly-payment") == money(str(Decimal(quote["totals"]["regular_installment"]) + 50))
    assert text_of(page, "apr") == rate(quote["apr"]["effective_annual_percent"])


def test_apr_is_the_largest_figure(client: Client) -> None:
    page = get(client, EXAMPLE)[1]
    css = CSS.read_text()
    base, _, mobile = css.partition("@media (max-width: 640px)")
    rule = r"\.figure-(\w+) \{ font-size: ([\d.]+)rem; \}"
    desktop = {name: float(size) for name, size in re.findall(rule, base)}
    phone = {**desktop, **{name: float(size) for name, size in re.findall(rule, mobile)}}
    assert set(desktop) == {"xl", "l", "m"}
    for sizes in (desktop, phone):

        def size(element_id: str, sizes: dict[str, float] = sizes) -> float:
            (name,) = [c.removeprefix("figure-") for c in classes_of(page, element_id) if c.startswith("figure-")]
            return sizes[name]

        assert size("apr") == max(sizes.values())
        assert size("apr") > size("monthly-payment-figure") > size("nominal-rate")
        assert size("apr") > size("apr-simple") > size("nominal-rate")
    assert page.count("figure-xl") == 1  # only the APR
    assert "IRR" in text_of(page, "apr-note")


# --- the chart ------------------------------------------------------------------------------------


@pytest.mark.parametrize("term", ["1", "12", "36", "84"])
def test_chart_has_one_bar_group_per_instalment(client: Client, term: str) -> None:
    page = get(client, {**EXAMPLE, "term": term})[1]
    svg = re.search(r"<svg .*?</svg>", page, re.S)
    assert svg
    chart = svg.group(0)
    assert chart.count('<g class="bar"') == int(term)
    assert 'role="img"' in chart and 'aria-labelledby="schedule-chart-title schedule-chart-desc"' in chart
    assert '<title id="schedule-chart-title">每期还款的本金与利息</title>' in chart
    assert re.search(r'viewBox="0 0 720 \d+"', chart) and 'class="balance-line"' in chart
    assert "seg-principal" in chart and "seg-interest" in chart and "剩余本金（右轴）" in chart
    assert "<script" not in page.split("</head>")[1]  # no inline script; the one script is local
    assert not re.search(r'(src|href)="(https?:)?//', page)  # nothing from a CDN


def test_chart_in_english_and_a_balloon_bar_is_cut_off(client: Client) -> None:
    page = get(client, {**EXAMPLE, "method": "balloon", "balloon": "36000"}, **EN)[1]
    assert "<title>Instalment 36, due" in page and "Remaining principal (right axis)" in page
    assert 'class="cut"' in page  # the balloon does not flatten the other bars


# --- bad input: translated errors, never a 500 ---------------------------------------------------

BAD = [
    ({"down_payment": "150000"}, "down_payment", "首付须低于车价。",
     "The down payment must be less than the vehicle price."),
    ({"rate": "8.8abc"}, "rate", "年利率请输入数字，例如 8.88。",
     "Enter the annual interest rate as a number, for example 8.88."),
    ({"rate": "99"}, "rate", "请输入 0% 至 36% 之间的年利率。",
     "Enter an annual interest rate between 0% and 36%."),
    ({"method": "balloon", "balloon": ""}, "balloon", "选择尾款方式时，请填写尾款金额。",
     "Enter the balloon payment for the balloon method."),
    ({"method": "balloon", "balloon": "120000"}, "balloon", "尾款须小于贷款金额。",
     "The balloon payment must be less than the loan amount."),
    ({"term": "0"}, "term", "请选择 1 至 84 个月之间的期数。", "Choose a term between 1 and 84 months."),
    ({"term": "85"}, "term", "请选择 1 至 84 个月之间的期数。", "Choose a term between 1 and 84 months."),
    ({"price": ""}, "price", "请输入金额。", "Enter an amount."),
    ({"method": "bullet"}, "method", "请从列表中选择一种还款方式。", "Choose one of the listed repayment methods."),
    ({"disbursed": "2026-02-30"}, "disbursed", "请按 YYYY-MM-DD 格式输入放款日期。",
     "Enter the disbursement date as YYYY-MM-DD."),
    # The kernel's objection (upfront fees not less than the loan) on the matching field:
    ({"service_fee": "100000", "gps_fee": "20000"}, "service_fee", "服务费与 GPS 费合计须小于贷款金额。",
     "The service fee and the GPS fee together must be less than the loan amount."),
]


@pytest.mark.parametrize(("override", "field", "chinese", "english"), BAD)
def test_bad_input_shows_a_translated_error(
    client: Client, override: dict[str, str], field: str, chinese: str, english: str
) -> None:
    query = {**EXAMPLE, **override}
    for headers, message in (({}, chinese), (EN, english)):
        status, page = get(client, query, **headers)
        assert status == 400
        assert message in page
        assert f'href="#id_{field}"' in text_of(page, "error-summary") or f'href="#id_{field}"' in page
        assert re.search(rf'name="{field}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="{field}"', page)
        assert 'id="apr"' not in page  # no figures from bad input


def test_nonsense_query_is_never_a_500(client: Client) -> None:
    for query in ({"price": "1e400"}, {"price": "NaN"}, {"rate": "-1"}, {"term": "abc"},
                  {"disbursed": "9999-12-31"}, {"monthly_fee": "0.001"}, {"price": "¥150,000.00"},
                  {"price": "1000", "down_payment": "0", "service_fee": "999.99", "gps_fee": "0", "term": "1"},
                  {"price": "100000000", "down_payment": "0", "term": "84", "monthly_fee": "1000000"},
                  {"price": "1000", "down_payment": "999.99", "service_fee": "0", "gps_fee": "0"}):
        status, _ = get(client, {**EXAMPLE, **query})
        assert status in (200, 400), query


# --- every repayment method -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "extra", "chinese"),
    [
        ("annuity", {}, "等额本息"),
        ("equal-principal", {}, "等额本金"),
        ("interest-only", {}, "先息后本"),
        ("balloon", {"balloon": "36000"}, "尾款"),
        ("flat", {}, "平息"),
    ],
)
def test_each_method_renders(client: Client, method: str, extra: dict[str, str], chinese: str) -> None:
    query = {**EXAMPLE, "method": method, **extra}
    quote = kernel_quote(query)
    status, page = get(client, query)
    assert status == 200
    assert f'<option value="{method}" selected>{chinese}' in page
    assert text_of(page, "apr") == rate(quote["apr"]["effective_annual_percent"])
    assert text_of(page, "first-payment") == "¥" + money(quote["installments"][0]["total"])
    if method in ("balloon", "interest-only", "equal-principal"):
        assert text_of(page, "final-payment") == "¥" + money(quote["installments"][-1]["total"])
    if method == "flat":
        warning = text_of(page, "flat-warning")
        assert "平息利率会低估真实借款成本" in warning
        assert rate(quote["apr"]["effective_annual_percent"]) in warning and "8.88%" in warning
    else:
        assert 'id="flat-warning"' not in page


def test_flat_warning_in_english(client: Client) -> None:
    page = get(client, {**EXAMPLE, "method": "flat"}, **EN)[1]
    assert "The flat rate understates the true cost." in text_of(page, "flat-warning")


def test_an_invalid_term_is_not_shown_as_a_valid_choice(client: Client) -> None:
    page = get(client, {**EXAMPLE, "term": "0"})[1]
    select = re.search(r'<select name="term".*?</select>', page, re.S)
    assert select
    assert re.search(r'<option value="">请选择期数</option>\s*<option value="12">', select.group(0))
    assert " selected" not in select.group(0)


def test_fees_almost_the_whole_loan_give_a_huge_apr_in_short_form(client: Client) -> None:
    query = {**EXAMPLE, "price": "1000", "down_payment": "0", "service_fee": "999.99", "gps_fee": "0", "term": "1"}
    status, page = get(client, query)
    assert status == 200
    assert re.fullmatch(r"\d\.\d\d×10[⁰¹²³⁴⁵⁶⁷⁸⁹]+%", text_of(page, "apr"))
