"""`autolend valuation train|evaluate|quote` end to end on small samples, and one-line usage errors."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from autolend.commands.base import UsageError

Run = Callable[..., int]


@pytest.fixture(scope="module")
def cardekho_sample(cardekho_csv: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first 500 lines of CarDekho in a temporary file (never in the repository)."""
    with cardekho_csv.open(newline="", encoding="utf-8") as handle:
        lines = [row for _, row in zip(range(501), csv.reader(handle), strict=False)]
    path = tmp_path_factory.mktemp("cardekho") / "sample.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(lines)
    return path


def test_cardekho_sample_train_evaluate_quote(
    run_cli: Run, cardekho_sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "model"
    assert run_cli("valuation", "train", "--data", str(cardekho_sample), "--format", "cardekho",
                   "--out", str(out), "--folds", "3", "--threads", "1", "--json") == 0
    captured = capsys.readouterr()
    summary = json.loads(captured.out)
    assert "fold 3/3 done" in captured.err and (out / "metadata.json").is_file()
    assert summary["n"] > 400 and 0 < summary["cv_mape"] < 0.5 and summary["data"]["format"] == "cardekho"

    assert run_cli("valuation", "evaluate", "--model", str(out), "--data", str(cardekho_sample),
                   "--format", "cardekho", "--json") == 0
    scores = json.loads(capsys.readouterr().out)
    assert set(scores) == {"mape", "r2", "n"} and scores["n"] == summary["n"] and scores["r2"] > 0.9

    assert run_cli("valuation", "quote", "--model", str(out), "--make", "Maruti", "--model-name", "Swift",
                   "--year", "2016", "--mileage-km", "60000", "--fuel", "Petrol", "--transmission", "Manual",
                   "--as-of", "2020-12-31", "--json") == 0
    quote = json.loads(capsys.readouterr().out)
    assert quote["currency"] == "INR" and int(quote["low"]) <= int(quote["value"]) <= int(quote["high"])
    assert 150_000 < int(quote["value"]) < 1_000_000


def test_standard_csv_round_trip_in_text_mode(
    run_cli: Run, synthetic_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "model"
    assert run_cli("valuation", "train", "--data", str(synthetic_csv), "--out", str(out), "--folds", "2", "--threads", "1") == 0
    assert "trained on 600 rows" in capsys.readouterr().out
    assert run_cli("valuation", "quote", "--model", str(out), "--make", "BYD", "--model-name", "Han",
                   "--year", "2021", "--mileage-km", "45,000", "--fuel", "bev", "--as-of", "2024-06-30") == 0
    assert "CNY" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["train", "--data", "/nonexistent.csv", "--out", "x"], "--data: no such file"),
        (["evaluate", "--model", "/nonexistent", "--data", "/nonexistent.csv"], "--model: no metadata.json"),
        (["quote", "--model", "m", "--make", "BYD", "--model-name", "Han", "--year", "twenty",
          "--mileage-km", "1"], "--year"),
        (["quote", "--model", "m", "--make", "BYD", "--model-name", "Han", "--year", "2020",
          "--mileage-km", "-4"], "--mileage-km"),
        (["quote", "--model", "m", "--make", "BYD", "--model-name", "Han", "--year", "2020",
          "--mileage-km", "4", "--as-of", "2020-02-30"], "--as-of"),
        (["quote", "--model", "m", "--make", "BYD", "--model-name", "Han", "--year", "2020",
          "--mileage-km", "4", "--seats", "five"], "--seats"),
    ],
)
def test_bad_input_is_a_one_line_usage_error(run_cli: Run, argv: list[str], message: str) -> None:
    with pytest.raises(UsageError, match=message) as exc:
        run_cli("valuation", *argv)
    assert "\n" not in str(exc.value)


def test_too_many_folds_is_a_usage_error(run_cli: Run, synthetic_csv: Path, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="--folds"):
        run_cli("valuation", "train", "--data", str(synthetic_csv), "--out", str(tmp_path), "--folds", "1")


def test_too_few_rows_is_a_usage_error(
    run_cli: Run, make_rows: Callable[[int, int], list[dict[str, str]]], sales_csv: Callable[..., Path],
    tmp_path: Path,
) -> None:
    path = sales_csv("tiny.csv", make_rows(12, 3))
    with pytest.raises(UsageError, match="too few usable rows"):
        run_cli("valuation", "train", "--data", str(path), "--out", str(tmp_path / "m"))
