"""Model performance: discrimination (AUC, KS, Gini) and accuracy of PDs (Brier, calibration).

All take outcomes `y` (1 = bad) and PDs in [0, 1]; higher PD = riskier.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def auc(y: Any, pd_: Any) -> float:
    """Area under the ROC curve: the chance a random bad gets a higher PD than a random good."""
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(np.asarray(y), np.asarray(pd_, dtype=float)))


def ks(y: Any, pd_: Any) -> float:
    """Kolmogorov–Smirnov statistic: the largest gap between the bads' and goods' PD CDFs (0..1)."""
    from sklearn.metrics import roc_curve

    fpr, tpr, _ = roc_curve(np.asarray(y), np.asarray(pd_, dtype=float))
    return float(np.max(tpr - fpr))


def gini(y: Any, pd_: Any) -> float:
    """Gini (accuracy ratio) = 2·AUC − 1."""
    return 2.0 * auc(y, pd_) - 1.0


def brier(y: Any, pd_: Any) -> float:
    """Mean squared error of the PDs against outcomes (lower is better)."""
    return float(np.mean((np.asarray(pd_, dtype=float) - np.asarray(y, dtype=float)) ** 2))


def brier_base(y: Any) -> float:
    """Brier score of predicting the bad rate for everyone: the bar a model must beat."""
    target = np.asarray(y, dtype=float)
    return brier(target, np.full(target.shape, target.mean()))


def summary(y: Any, pd_: Any) -> dict[str, float | int]:
    """{"auc", "ks", "gini", "brier", "n"} of PDs against outcomes, rounded to 4 places."""
    target = np.asarray(y)
    return {
        "auc": round(auc(target, pd_), 4),
        "ks": round(ks(target, pd_), 4),
        "gini": round(gini(target, pd_), 4),
        "brier": round(brier(target, pd_), 4),
        "n": int(target.size),
    }


def calibration_table(y: Any, pd_: Any, bins: int = 10) -> list[dict[str, float | int]]:
    """Rows of equal-count PD bins, lowest PD first: n, mean PD, observed bad rate."""
    p = np.asarray(pd_, dtype=float)
    target = np.asarray(y, dtype=float)
    order = np.argsort(p, kind="stable")
    rows = []
    for i, idx in enumerate(np.array_split(order, bins)):
        if idx.size:
            rows.append(
                {
                    "bin": i + 1,
                    "n": int(idx.size),
                    "mean_pd": round(float(p[idx].mean()), 6),
                    "bad_rate": round(float(target[idx].mean()), 6),
                }
            )
    return rows
