"""The engine's models live in a file registry: on first use the champion scorecard and the
challenger GBM are trained on the synthetic book and published, once; every decision records the
champion's version and the challenger's shadow PD; a promoted version decides from then on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from autolend.decisioning.model_store import (
    MODEL_NAME,
    decision_model_ensure,
    decision_models,
    registry,
)
from autolend.decisioning.models import DecisionRecord
from autolend.origination import testing as t

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    t.configure(settings, tmp_path)
    t.seed_catalogue()


def test_ensure_trains_once_and_registers_both_roles() -> None:
    cards = decision_model_ensure()
    assert (cards["champion"].kind, cards["challenger"].kind) == ("scorecard", "gbm")
    assert cards["champion"].metrics["auc"] > 0.7 and cards["champion"].data_hash
    again = decision_model_ensure()
    assert again["champion"].version == cards["champion"].version  # not retrained
    assert registry().versions(MODEL_NAME) == sorted({c.version for c in cards.values()}, key=int)


def test_a_decision_records_both_models() -> None:
    app = t.submit()
    record = DecisionRecord.objects.get(application=app)
    champion, challenger = decision_models()
    assert (record.model_name, record.model_version) == (MODEL_NAME, champion.version)
    assert record.challenger_version == challenger.version
    assert record.result["challenger"]["kind"] == "gbm" and 0 < float(record.challenger_pd) < 1
    assert record.grade in "ABCDE" and record.reasons and {"code", "zh", "en"} <= set(record.reasons[0])


def test_a_promotion_changes_the_deciding_model(settings: Any, tmp_path: Path) -> None:
    settings.AUTOLEND_MODEL_DIR = str(tmp_path / "models")  # a registry of this test's own
    cards = decision_model_ensure()
    registry().set_role(MODEL_NAME, cards["challenger"].version, "champion")
    app = t.submit()
    record = DecisionRecord.objects.get(application=app)
    assert record.model_version == cards["challenger"].version and record.result["champion"]["kind"] == "gbm"
