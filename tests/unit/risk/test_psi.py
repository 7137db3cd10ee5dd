"""Population stability index between score samples."""

from __future__ import annotations

import numpy as np
import pytest

from autolend.risk.monitor import psi, psi_status, psi_table


def test_a_sample_against_itself_is_stable() -> None:
    scores = np.random.default_rng(0).normal(600, 50, 10_000)
    assert psi(scores, scores) == pytest.approx(0.0, abs=1e-12)
    assert psi_status(psi(scores, scores)) == "stable"


def test_two_draws_of_one_population_are_stable() -> None:
    rng = np.random.default_rng(1)
    assert psi(rng.normal(600, 50, 20_000), rng.normal(600, 50, 20_000)) < 0.01


def test_a_shifted_sample_is_flagged() -> None:
    rng = np.random.default_rng(2)
    reference = rng.normal(600, 50, 10_000)
    value = psi(reference, rng.normal(625, 50, 10_000))  # half a standard deviation lower risk
    assert value > 0.1 and psi_status(value) in {"watch", "shifted"}
    assert psi_status(psi(reference, rng.normal(680, 50, 10_000))) == "shifted"


def test_table_shares_sum_to_one_and_empty_samples_fail() -> None:
    rows = psi_table(np.arange(100.0), np.arange(50.0), bins=5)
    assert len(rows) == 5 and sum(r["expected"] for r in rows) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        psi([], [1.0])
