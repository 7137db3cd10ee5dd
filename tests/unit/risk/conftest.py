"""Shared, session-scoped data and trained models for the risk tests (no Django, no database).

German credit is read from ../shared/data beside the repository (never copied into it).
Training is the slow part, so each model is trained once per session.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from autolend.risk import synthetic
from autolend.risk.dataset import read_csv
from autolend.risk.model import TrainedModel
from autolend.risk.training import TrainingConfig, train

REPO = Path(__file__).resolve().parents[3]
GERMAN_CSV = REPO.parent / "shared" / "data" / "germancredit.csv"
BOOK_ROWS, BOOK_SEED = 40_000, 11  # ≥ 20,000 rows: trained with a 20% holdout
FRESH_ROWS, FRESH_SEED = 20_000, 12
KINDS = ("scorecard", "gbm")


@pytest.fixture(scope="session")
def german_csv() -> Path:
    if not GERMAN_CSV.is_file():
        pytest.skip(f"German credit data not found at {GERMAN_CSV}")
    return GERMAN_CSV


@pytest.fixture(scope="session")
def german(german_csv: Path) -> pd.DataFrame:
    frame, _digest = read_csv(german_csv)
    return frame


@pytest.fixture(scope="session")
def german_models(german: pd.DataFrame) -> dict[str, TrainedModel]:
    """Both kinds on German credit, 5-fold CV (target creditability, bad = "bad")."""
    return {
        kind: train(german, "creditability", bad_value="bad", config=TrainingConfig(kind=kind))
        for kind in KINDS
    }


@pytest.fixture(scope="session")
def book() -> pd.DataFrame:
    """The training book: synthetic applications with true PDs."""
    return synthetic.synthetic_book(BOOK_ROWS, BOOK_SEED)


@pytest.fixture(scope="session")
def fresh() -> pd.DataFrame:
    """Applications no model trained on (another seed)."""
    return synthetic.synthetic_book(FRESH_ROWS, FRESH_SEED)


@pytest.fixture(scope="session")
def synthetic_models(book: pd.DataFrame) -> dict[str, TrainedModel]:
    """Both kinds on the synthetic book's model features (the truth columns left out)."""
    columns = [*synthetic.FEATURES, synthetic.TARGET]
    return {
        kind: train(
            book[columns],
            synthetic.TARGET,
            config=TrainingConfig(kind=kind),
            name=f"synthetic-{kind}",
        )
        for kind in KINDS
    }
