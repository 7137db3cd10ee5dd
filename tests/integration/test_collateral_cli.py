"""`autolend collateral …` (the module `autolend.commands.collateral`): the daily job prints its
JSON summary; a bad date is a usage error (exit status 2 through the CLI)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from datetime import date

import pytest

from autolend.collateral.testing import car_for
from autolend.commands import collateral as command
from autolend.commands.base import UsageError
from autolend.integrations.payments import SimulatedGateway
from autolend.servicing.testing import disbursed_loan, fresh_books

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def isolated_gateway() -> Iterator[None]:
    fresh_books()
    yield
    SimulatedGateway.reset()  # the simulated payouts of these tests must not leak into later files


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="autolend")
    command.register(parser.add_subparsers())
    args = parser.parse_args(["collateral", *argv])
    return int(args.handler(args))


def test_daily_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    car_for(disbursed_loan())
    assert run("daily", "--date", "2024-02-20", "--json") == 0
    out = json.loads(capsys.readouterr().out)
    assert out["revalue"]["valued"] == 1 and out["mortgage"]["not_registered"] == 1
    assert run("alerts", "--json") == 0
    kinds = {a["kind"] for a in json.loads(capsys.readouterr().out)}
    assert "mortgage_not_registered" in kinds
    assert run("revalue", "--date", date(2024, 2, 21).isoformat()) == 0


def test_bad_input_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="not a date"):
        run("revalue", "--date", "yesterday")
    with pytest.raises(UsageError, match="UTC offset"):
        run("sweep", "--at", "2024-06-01T12:00")
