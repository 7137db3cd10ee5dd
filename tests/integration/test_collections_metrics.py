"""Metrics on a small worked book of 10 loans, snapshots at D and D + 30:

  at D       L0–L5 current (M0 = 6), L6 L7 in M1, L8 in M2, L9 in M3
  at D + 30  L0 → M1, L6 → M2, L7 cured, L8 → M3, L9 → M4
  roll M0→M1 1/6, M1→M2 1/2, M2→M3 1/1, M3→M4 1/1; cure rate 1/1 (L7);
  promises: L8 100.00 by D + 5 paid on D + 3 (kept), L9 50.00 by D + 5 unpaid (broken) → 0.5 (both taken on D + 1).
"""

from __future__ import annotations

import argparse
import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from autolend.collections.metrics import metrics_report
from autolend.collections.models import CollectionCase
from autolend.collections.services import promise_create
from autolend.collections.testing import collector, dpd_set, loan_at, run
from autolend.commands import collections as collections_command
from autolend.servicing.models import LoanTransaction

pytestmark = pytest.mark.django_db(transaction=True)
D = date(2024, 6, 1)


def cli(*argv: str) -> int:
    """The `autolend collections …` command (until cli.COMMAND_MODULES lists it)."""
    parser = argparse.ArgumentParser(prog="autolend")
    collections_command.register(parser.add_subparsers())
    args = parser.parse_args(argv)
    return int(args.handler(args))


def test_worked_book(capsys: pytest.CaptureFixture[str]) -> None:
    li = collector("li")
    loans = [loan_at(f"L{i}", dpd) for i, dpd in enumerate((0, 0, 0, 0, 0, 0, 10, 10, 40, 70))]
    run(D)
    promise_create(CollectionCase.objects.get(loan=loans[8]), li, D + timedelta(days=1), amount="100", due_on=D + timedelta(days=5))
    promise_create(CollectionCase.objects.get(loan=loans[9]), li, D + timedelta(days=1), amount="50", due_on=D + timedelta(days=5))
    LoanTransaction.objects.create(loan=loans[8], kind="repayment", business_date=D + timedelta(days=3),
                                   amount=Decimal("100"), created_at=timezone.now())
    for i, dpd in ((0, 5), (6, 40), (7, 0), (8, 70), (9, 100)):
        dpd_set(loans[i], dpd)
    run(D + timedelta(days=30))
    report = metrics_report(D + timedelta(days=30))
    rolls = {k: (v["rolled"], v["from"], v["rate"]) for k, v in report["roll_rates"].items()}
    assert rolls["M0->M1"] == (1, 6, "0.1667")
    assert rolls["M1->M2"] == (1, 2, "0.5000")
    assert rolls["M2->M3"] == (1, 1, "1.0000")
    assert rolls["M3->M4"] == (1, 1, "1.0000")
    assert rolls["M4->M5"] == (0, 0, None)
    assert report["cure_rate"] == "1.0000"
    assert report["promise_kept_rate"] == "0.5000"
    assert report["cases"]["open"] == 4
    assert report["collectors"] == [{"collector": "li", "actions": 2, "calls": 0, "promises": 2, "collected": "100.00"}]
    assert cli("collections", "report", "--as-of", "2024-07-01", "--json") == 0
    assert json.loads(capsys.readouterr().out)["promise_kept_rate"] == "0.5000"
    assert cli("collections", "eod", "--date", "2024-07-02", "--json") == 0
    assert json.loads(capsys.readouterr().out)[0]["business_date"] == "2024-07-02"
