"""The behaviour score: points per input, clamped; the SQL rendering gives the same numbers."""

from __future__ import annotations

import itertools
import sqlite3

from autolend.collections.scoring import ScoreInputs, band_of, band_sql, behaviour_score, score_sql


def test_points() -> None:
    assert behaviour_score(ScoreInputs()) == 800
    assert behaviour_score(ScoreInputs(dpd=10)) == 780
    assert behaviour_score(ScoreInputs(prior_cases=2, open_alerts=1)) == 800 - 80 - 60
    assert behaviour_score(ScoreInputs(broken_promises=9)) == 800 - 200  # capped at 4
    assert behaviour_score(ScoreInputs(dpd=400, prior_cases=9, open_alerts=9)) == 300  # floor
    assert behaviour_score(ScoreInputs(bureau_delta=500)) == 900  # ceiling
    assert [band_of(s) for s in (549, 550, 699, 700)] == ["low", "medium", "medium", "high"]


def test_sql_equals_python() -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (dpd INT, prior INT, alerts INT, broken INT)")
    rows = list(itertools.product((0, 1, 45, 200, 500), (0, 1, 7), (0, 2, 5), (0, 1, 6)))
    db.executemany("INSERT INTO t VALUES (?, ?, ?, ?)", rows)
    score = score_sql("dpd", "prior", "alerts", "broken")
    for dpd, prior, alerts, broken, s, band in db.execute(f"SELECT *, {score}, {band_sql(score)} FROM t"):
        expected = behaviour_score(ScoreInputs(dpd, prior, alerts, broken))
        assert (s, band) == (expected, band_of(expected))
