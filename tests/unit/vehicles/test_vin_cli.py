"""`autolend vin check`: the JSON contract, exit 0 for an invalid VIN, exit 2 for bad usage."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from autolend.commands.base import UsageError

Run = Callable[..., int]


def test_json_contract_of_a_valid_vin(run_cli: Run, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("vin", "check", "1M8GDM9AXKP042788", "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert {"valid", "errors", "wmi", "manufacturer", "country", "model_year"} <= set(report)
    assert report["valid"] is True and report["errors"] == []
    assert (report["wmi"], report["country"], report["model_year"]) == ("1M8", "United States", 1989)


def test_an_invalid_vin_is_a_report_with_exit_0(run_cli: Run, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("vin", "check", "LGXCE4CB0NA000001", "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False and report["errors"][0]["code"] == "check_digit_mismatch"
    assert report["manufacturer"] == "BYD Auto" and report["country"] == "China"


def test_reference_year_and_text_output(run_cli: Run, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("vin", "check", "LGXCE4CB1NA000001", "--reference-year", "2025") == 0
    out = capsys.readouterr().out
    assert "BYD Auto (比亚迪)" in out and "2022" in out


def test_missing_vin_is_a_usage_error_exit_2(run_cli: Run) -> None:
    with pytest.raises(SystemExit) as exc:
        run_cli("vin", "check")
    assert exc.value.code == 2


def test_a_silly_reference_year_is_a_usage_error(run_cli: Run) -> None:
    with pytest.raises(UsageError, match="--reference-year"):
        run_cli("vin", "check", "1M8GDM9AXKP042788", "--reference-year", "20")
