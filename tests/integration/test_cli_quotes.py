"""`autolend schedule` and `autolend apr`: the stable command-line contracts."""

from __future__ import annotations

import io
import json

import pytest

from autolend.cli import main

ISSUE_ARGS = [
    "schedule", "--principal", "5000", "--annual-rate", "12", "--installments", "18",
    "--every", "1", "--unit", "months", "--disbursed", "2022-11-01",
]


def test_schedule_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*ISSUE_ARGS, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"installments", "totals", "apr"}
    assert set(out["installments"][0]) == {"n", "due_date", "principal", "interest", "fees", "total", "balance"}
    assert out["installments"][0]["total"] == "304.91"
    assert out["installments"][-1] == {
        "n": 18, "due_date": "2024-05-01", "principal": "301.92", "interest": "3.02",
        "fees": "0.00", "total": "304.94", "balance": "0.00",
    }
    assert set(out["apr"]) == {"periodic_rate", "apr_percent", "effective_annual_percent"}


def test_schedule_every_option_reaches_the_kernel(capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        *ISSUE_ARGS, "--method", "balloon", "--balloon", "1500", "--interest-per", "day", "--days-in-year", "365",
        "--days-in-month", "actual", "--rounding", "half-even", "--multiples-of", "1", "--fee-upfront", "100",
        "--fee-per-installment", "5", "--grace-principal", "1", "--grace-interest", "1", "--decimals", "2",
        "--first-due", "2022-12-15", "--amount-multiples-of", "0.01", "--json",
    ]
    assert main(args) == 0
    out = json.loads(capsys.readouterr().out)
    rows = out["installments"]
    assert rows[0]["due_date"] == "2022-12-15"
    assert rows[0]["principal"] == "0.00" and rows[0]["interest"] == "0.00"  # both graces
    assert rows[0]["fees"] == "5.00"
    # Interest of the 44-day grace period (5,000 × 12% × 44 / 365 = 72.33) is paid with row 2's
    # own 31 days (50.96); the level instalment is 240 whole yuan (+5 fee) from row 3 on.
    assert rows[1]["interest"] == "123.29"
    assert rows[1]["principal"] == "189.04"  # 240 − 50.96
    assert [row["total"] for row in rows[2:17]] == ["245.00"] * 15
    assert out["totals"]["principal"] == "5000.00"
    assert out["totals"]["fee_upfront"] == "100.00"


def test_schedule_table_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(ISSUE_ARGS) == 0
    out = capsys.readouterr().out
    assert "304.91" in out and "APR" in out


@pytest.mark.parametrize(
    ("extra", "flag"),
    [
        (["--annual-rate", "x"], "--annual-rate"),
        (["--method", "bullet"], "--method"),
        (["--first-due", "2022-10-01"], "--first-due"),
        (["--balloon", "10"], "--balloon"),
    ],
)
def test_schedule_bad_input_exits_2_naming_the_flag(capsys: pytest.CaptureFixture[str], extra: list[str], flag: str) -> None:
    assert main([*ISSUE_ARGS, *extra, "--json"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert flag in err


def test_apr_reads_json_on_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    body = {"amount_financed": "99000", "unit_period": "month", "payments": [{"amount": "8833.30", "count": 12}]}
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(body)))
    assert main(["apr", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["apr_percent"].startswith("12.80")
    assert out["effective_annual_percent"].startswith("13.58")


@pytest.mark.parametrize(
    ("stdin", "field"),
    [
        ("not json", "stdin"),
        ('{"unit_period": "month", "advances": [{"date": "2024-01-01", "amount": "5000"}], "payments": []}', "payments"),
        ('{"amount_financed": "5000", "unit_period": "month", "payments": [{"amount": "230", "count": 0}]}', "count"),
    ],
)
def test_apr_bad_input_exits_2(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], stdin: str, field: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    assert main(["apr", "--json"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and field in err
