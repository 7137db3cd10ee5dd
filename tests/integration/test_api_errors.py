"""API errors are JSON: 400 for field errors, 500 without an HTML page, even in debug."""

from __future__ import annotations

import pytest
from django.test import RequestFactory, override_settings

from autolend.api.routers import api


class TermTooLong(ValueError):
    def __init__(self) -> None:
        self.field = "term_months"
        self.message = "must be at most 60"
        super().__init__(self.message)


@pytest.fixture
def request_() -> object:
    return RequestFactory().post("/api/v1/quotes/")


def test_value_error_with_a_field_is_a_400(request_: object) -> None:
    response = api.on_exception(request_, TermTooLong())  # type: ignore[arg-type]
    assert response.status_code == 400
    assert b'"loc": ["body", "term_months"]' in response.content
    assert b"must be at most 60" in response.content


@pytest.mark.parametrize("debug", [True, False])
def test_unexpected_error_is_a_json_500(request_: object, debug: bool) -> None:
    for exc in (RuntimeError("boom"), ValueError("no field")):
        with override_settings(DEBUG=debug):
            response = api.on_exception(request_, exc)  # type: ignore[arg-type]
        assert response.status_code == 500
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert b"boom" not in response.content
