"""The simulated credit bureau: the same person always gets the same report; the ID's sequence
code chooses a thin file (97x), a poor file (96x) or an outage (95x)."""

from __future__ import annotations

import pytest

from autolend.integrations.bureau import BureauReport, BureauUnavailable, SimulatedBureau
from autolend.origination.testing import resident_id


def test_reports_are_deterministic_and_plausible() -> None:
    bureau = SimulatedBureau()
    ids = [resident_id(sequence=f"{n:03d}") for n in range(100, 160)]
    reports = [bureau.report(rid, "x") for rid in ids]
    assert reports == [bureau.report(rid, "x") for rid in ids]
    assert all(600 <= r.score <= 819 and r.delinquencies_24m <= 1 and r.inquiries_6m <= 3 for r in reports
               if r.score is not None)
    assert len({r.score for r in reports}) > 20 and any(r.monthly_debt == 0 for r in reports)
    assert BureauReport.from_json(reports[0].to_json()) == reports[0]


def test_sequence_codes_choose_the_file() -> None:
    bureau = SimulatedBureau()
    assert bureau.report(resident_id(sequence="971"), "x").thin_file
    poor = bureau.report(resident_id(sequence="961"), "x")
    assert poor.score is not None and poor.score < 520 and poor.delinquencies_24m >= 3
    with pytest.raises(BureauUnavailable):
        bureau.report(resident_id(sequence="951"), "x")
