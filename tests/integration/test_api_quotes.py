"""POST /api/v1/quotes/schedule and /api/v1/quotes/apr: the same contract as the CLI."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from autolend.kernel.quote import schedule_quote, terms_from_request

SCHEDULE = {"principal": "5000", "annual_rate": "12", "installments": 18, "disbursed": "2022-11-01"}


def _post(client: Client, path: str, body: Any) -> Any:
    return client.post(f"/api/v1/quotes/{path}", data=body, content_type="application/json")


def test_schedule_quote_equals_the_kernel_contract(client: Client) -> None:
    response = _post(client, "schedule", {**SCHEDULE, "method": "equal-principal", "fee_upfront": "100"})
    assert response.status_code == 200
    expected = schedule_quote(terms_from_request({**SCHEDULE, "method": "equal-principal", "fee_upfront": "100"}))
    assert response.json() == expected
    assert response.json()["installments"][0]["principal"] == "277.78"  # 5,000 / 18


def test_schedule_accepts_json_numbers(client: Client) -> None:
    response = _post(client, "schedule", {**SCHEDULE, "principal": 670000, "annual_rate": 4.9, "installments": 360})
    assert response.status_code == 200
    assert response.json()["totals"]["regular_installment"] == "3555.87"


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"principal": "abc"}, "principal"),
        ({"method": "bullet"}, "method"),
        ({"first_due": "2022-10-01"}, "first_due"),
        ({"grace_principal": 18}, "grace_principal"),
        ({"balloon": "100"}, "balloon"),
    ],
)
def test_schedule_bad_input_is_422_naming_the_field(client: Client, override: dict[str, Any], field: str) -> None:
    response = _post(client, "schedule", {**SCHEDULE, **override})
    assert response.status_code == 422
    assert field in response.json()["detail"][0]["loc"]


def test_apr_periodic_and_dated_forms(client: Client) -> None:
    periodic = _post(
        client,
        "apr",
        {"amount_financed": "99000", "unit_period": "month", "payments": [{"amount": "8833.30", "count": 12}]},
    )
    assert periodic.status_code == 200
    assert periodic.json()["apr_percent"].startswith("12.80")  # PBoC 2021 No.3 example: 12.80% simple
    assert periodic.json()["effective_annual_percent"].startswith("13.58")  # and 13.58% compound
    dated = _post(
        client,
        "apr",
        {
            "unit_period": "month",
            "advances": [{"date": "2021-01-15", "amount": "99000"}],
            "payments": [{"date": f"{2021 + m // 12}-{m % 12 + 1:02d}-15", "amount": "8833.30"} for m in range(1, 13)],
        },
    )
    assert dated.json() == periodic.json()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"amount_financed": "5000", "unit_period": "fortnight", "payments": [{"amount": "230", "count": 24}]}, "unit_period"),
        ({"amount_financed": "5000", "unit_period": "month", "payments": [{"amount": "-1", "count": 24}]}, "amount"),
        ({"amount_financed": "5000", "unit_period": "month", "payments": [{"amount": "100", "count": 24}]}, "payments"),
        ([1, 2], "body"),
    ],
)
def test_apr_bad_input_is_422_naming_the_field(client: Client, body: Any, field: str) -> None:
    response = _post(client, "apr", body)
    assert response.status_code == 422
    assert field in response.json()["detail"][0]["loc"]


def test_quotes_are_in_the_openapi_document(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/quotes/schedule" in paths
    assert "/api/v1/quotes/apr" in paths
