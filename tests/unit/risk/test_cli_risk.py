"""`autolend risk train|evaluate|synth`: the command module end to end, and one-line usage errors."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd
import pytest

from autolend.commands import risk
from autolend.commands.base import UsageError


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="autolend")
    risk.register(parser.add_subparsers())
    args = parser.parse_args(["risk", *argv])
    return int(args.handler(args))


@pytest.fixture(scope="module")
def book_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("risk") / "book.csv"
    assert run("synth", "--rows", "1500", "--seed", "4", "--out", str(path)) == 0
    return path


def test_synth_writes_a_book_without_the_truth(book_csv: Path) -> None:
    book = pd.read_csv(book_csv)
    assert len(book) == 1500 and "true_pd" not in book.columns and set(book["default"]) == {0, 1}


@pytest.mark.parametrize("kind", ["scorecard", "gbm"])
def test_train_then_evaluate(
    book_csv: Path, tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / kind
    assert (
        run(
            "train",
            "--data",
            str(book_csv),
            "--target",
            "default",
            "--model",
            kind,
            "--out",
            str(out),
            "--exclude",
            "annual_rate,instalment",
            "--folds",
            "3",
            "--json",
        )
        == 0
    )
    captured = capsys.readouterr()
    card = json.loads(captured.out)
    assert card["kind"] == kind and card["metrics"]["validation"] == "3-fold CV"
    assert "annual_rate" not in card["features"] and "[risk] fold 3/3" in captured.err
    assert run("evaluate", "--model", str(out), "--data", str(book_csv), "--json") == 0
    result = json.loads(capsys.readouterr().out)
    assert (
        set(result) == {"auc", "ks", "gini", "brier", "n"}
        and result["n"] == 1500
        and result["auc"] > 0.7
    )


def test_german_credit_from_the_command_line(
    german_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        run(
            "train",
            "--data",
            str(german_csv),
            "--target",
            "creditability",
            "--bad",
            "bad",
            "--model",
            "gbm",
            "--out",
            str(tmp_path / "gc"),
        )
        == 0
    )
    assert "5-fold CV: AUC 0.7" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["train", "--data", "{missing}", "--target", "t", "--out", "{tmp}/m"],
            "--data: no such file",
        ),
        (
            ["train", "--data", "{book}", "--target", "nope", "--out", "{tmp}/m"],
            "--target: column 'nope' not found",
        ),
        (
            ["train", "--data", "{book}", "--target", "region", "--out", "{tmp}/m"],
            "--bad-value: say which target value is bad",
        ),
        (
            [
                "train",
                "--data",
                "{book}",
                "--target",
                "default",
                "--bad-value",
                "7",
                "--out",
                "{tmp}/m",
            ],
            "--bad-value: '7' is not a target value",
        ),
        (
            [
                "train",
                "--data",
                "{book}",
                "--target",
                "default",
                "--exclude",
                "x",
                "--out",
                "{tmp}/m",
            ],
            "--exclude: no such column(s): x",
        ),
        (
            [
                "train",
                "--data",
                "{book}",
                "--target",
                "default",
                "--cutoffs",
                "0.3,0.2,0.1,0.05",
                "--out",
                "{tmp}/m",
            ],
            "--cutoffs: grade cut-offs must rise",
        ),
        (
            [
                "train",
                "--data",
                "{book}",
                "--target",
                "default",
                "--monotone",
                "dti=up",
                "--out",
                "{tmp}/m",
            ],
            "--monotone: expected",
        ),
        (["evaluate", "--model", "{tmp}/none", "--data", "{book}"], "--model: no model in"),
        (["synth", "--rows", "0", "--out", "{tmp}/x.csv"], "--rows:"),
    ],
)
def test_bad_input_is_one_usage_line(
    book_csv: Path, tmp_path: Path, argv: list[str], message: str
) -> None:
    filled = [a.format(missing=tmp_path / "absent.csv", book=book_csv, tmp=tmp_path) for a in argv]
    with pytest.raises(UsageError) as caught:
        run(*filled)
    assert str(caught.value).startswith(message) and "\n" not in str(caught.value)


def test_evaluate_needs_the_model_columns(book_csv: Path, tmp_path: Path) -> None:
    run(
        "train",
        "--data",
        str(book_csv),
        "--target",
        "default",
        "--model",
        "gbm",
        "--folds",
        "2",
        "--out",
        str(tmp_path / "m"),
    )
    thin = tmp_path / "thin.csv"
    pd.read_csv(book_csv).drop(columns=["dti"]).to_csv(thin, index=False)
    with pytest.raises(UsageError, match="--data: column 'dti': column missing"):
        run("evaluate", "--model", str(tmp_path / "m"), "--data", str(thin))
    with pytest.raises(UsageError, match="already holds a model"):
        run("train", "--data", str(book_csv), "--target", "default", "--out", str(tmp_path / "m"))
