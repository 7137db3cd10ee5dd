"""AUC, KS, Gini, Brier on small worked examples."""

from __future__ import annotations

import pytest

from autolend.risk import metrics

Y = [0, 0, 1, 1]


def test_perfect_and_inverted_ranking() -> None:
    assert metrics.auc(Y, [0.1, 0.2, 0.8, 0.9]) == 1.0
    assert metrics.auc(Y, [0.9, 0.8, 0.2, 0.1]) == 0.0
    assert metrics.ks(Y, [0.1, 0.2, 0.8, 0.9]) == 1.0
    assert metrics.gini(Y, [0.1, 0.2, 0.8, 0.9]) == 1.0


def test_worked_example() -> None:
    pds = [0.1, 0.6, 0.4, 0.9]  # one of the four good/bad pairs out of order
    assert metrics.auc(Y, pds) == 0.75
    assert metrics.ks(Y, pds) == pytest.approx(0.5)
    assert metrics.brier(Y, pds) == pytest.approx((0.01 + 0.36 + 0.36 + 0.01) / 4)
    assert metrics.brier_base(Y) == 0.25
    assert metrics.summary(Y, pds) == {"auc": 0.75, "ks": 0.5, "gini": 0.5, "brier": 0.185, "n": 4}
