"""Training on any labelled CSV: mixed types, missing values, GB18030 text; bad files fail clearly."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from autolend.risk.dataset import read_csv
from autolend.risk.errors import RiskInputError
from autolend.risk.training import TrainingConfig, train


def _loans(rows: int = 1_000, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    income = rng.lognormal(9.0, 0.4, rows)
    city = rng.choice(["北京", "上海", "成都", "哈尔滨"], rows)
    risk = -1.5 - 0.0002 * (income - 8000) + np.where(city == "哈尔滨", 0.8, 0.0)
    frame = pd.DataFrame(
        {
            "申请编号": [f"A{i:05d}" for i in range(rows)],  # an identifier: dropped
            "income": income.round(2),
            "years_at_address": rng.integers(0, 20, rows).astype(float),
            "city": city,
            "has_guarantor": rng.choice(["Y", "N"], rows),
            "rate_text": [f"{v:.1f}" for v in rng.uniform(5, 15, rows)],  # numbers written as text
            "status": np.where(rng.random(rows) < 1 / (1 + np.exp(-risk)), "逾期", "正常"),
        }
    )
    frame.loc[rng.random(rows) < 0.1, "income"] = np.nan
    frame.loc[rng.random(rows) < 0.05, "city"] = None
    frame.loc[rng.random(rows) < 0.05, "rate_text"] = "n/a"
    return frame


@pytest.mark.parametrize("kind", ["scorecard", "gbm"])
def test_mixed_types_and_missing_values_train(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "loans.csv"
    path.write_bytes(_loans().to_csv(index=False).encode("gb18030"))  # as Chinese Excel saves it
    frame, digest = read_csv(path)
    config = TrainingConfig(kind=kind, folds=3)
    model = train(frame, "status", bad_value="逾期", config=config, data_hash=digest)
    assert model.schema.categorical == {"city", "has_guarantor"}
    assert set(model.schema.numeric) == {"income", "years_at_address", "rate_text"}
    assert ("申请编号", "identifier") in model.schema.dropped
    assert model.metrics["auc"] > 0.6 and model.data_hash == digest
    scored = model.predict_pd(frame.head(5).assign(city=[None, "拉萨", "北京", "上海", "成都"]))
    assert np.all((scored > 0) & (scored < 1))


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "is empty"),
        (b"a,b,c\n", "has a header but no rows"),
        (b"only\n1\n2\n", "at least two columns"),
        (b'a,b\n1,"2\n', "not a readable CSV"),
        (b"\xff\xfe\x00\x81\x00garbage\x80\x81", ""),
    ],
)
def test_bad_files_are_refused_in_one_line(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(RiskInputError) as caught:
        frame, _ = read_csv(path)
        train(frame, "b")
    assert caught.value.field in {"data", "target"} and words in caught.value.message
    assert "\n" not in str(caught.value)


def test_tab_and_semicolon_separated_files(tmp_path: Path) -> None:
    for sep in ("\t", ";"):
        path = tmp_path / "loans.txt"
        path.write_text(_loans(rows=60).to_csv(index=False, sep=sep), encoding="utf-8")
        frame, _ = read_csv(path)
        assert frame.shape == (60, 7) and frame["city"].notna().any()


def test_missing_file_and_unusable_tables(tmp_path: Path) -> None:
    with pytest.raises(RiskInputError, match="no such file"):
        read_csv(tmp_path / "absent.csv")
    small = _loans(rows=30)
    with pytest.raises(RiskInputError, match="too few to train"):
        train(small, "status", bad_value="逾期")
    with pytest.raises(RiskInputError, match="need at least 10 of each"):
        train(_loans().assign(status=["逾期"] * 5 + ["正常"] * 995), "status", bad_value="逾期")
    with pytest.raises(RiskInputError, match="unknown model kind"):
        train(_loans(), "status", bad_value="逾期", config=TrainingConfig(kind="forest"))
