"""A decision is reproducible from its record: ``decision_replay`` recomputes it from the input
snapshot with the recorded model versions and finds it identical; a changed record does not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from autolend.decisioning.models import DecisionRecord
from autolend.decisioning.services import decision_replay
from autolend.origination import testing as t

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    t.configure(settings, tmp_path)
    t.seed_catalogue()


@pytest.mark.parametrize("applicant", [{}, {"resident_id": t.resident_id(sequence="971")},
                                       {"monthly_income": "7000"}], ids=["approved", "referred", "counter"])
def test_replay_equals_the_record(applicant: dict[str, Any]) -> None:
    app = t.submit(applicant_changes=applicant)
    record = DecisionRecord.objects.get(application=app)
    replay = decision_replay(record)
    assert replay.matches, replay.differences
    assert replay.recomputed == record.result
    assert record.input_snapshot["policy_version"] == record.policy_version == 1
    assert record.model_version and record.challenger_version and record.challenger_pd is not None


def test_a_tampered_record_does_not_replay() -> None:
    record = DecisionRecord.objects.get(application=t.submit())
    record.input_snapshot["request"]["amount"] = "99000.00"
    replay = decision_replay(record)
    assert not replay.matches
    assert any(d.startswith("result.offers") or d.startswith("result.features") for d in replay.differences)
