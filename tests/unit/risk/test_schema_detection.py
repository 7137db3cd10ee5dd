"""Column types of an arbitrary labelled table, and which target value is bad."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from autolend.risk.errors import RiskInputError
from autolend.risk.features import detect_schema, model_frame, resolve_bad_values, target_vector


def _table(rows: int = 60) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return pd.DataFrame(
        {
            "id": np.arange(1, rows + 1),
            "income": rng.normal(8000, 2000, rows).round(),
            "income_text": [
                str(v) if i % 7 else "" for i, v in enumerate(rng.integers(1, 99, rows))
            ],
            "city": rng.choice(["北京", "上海", "广州"], rows),
            "code": [f"X{i}" for i in range(rows)],
            "flag": ["same"] * rows,
            "empty": [np.nan] * rows,
            "owns_home": rng.random(rows) < 0.5,
            "label": rng.choice(["good", "bad"], rows),
        }
    )


def test_numeric_categorical_and_dropped_columns_are_told_apart() -> None:
    schema = detect_schema(_table().replace("", np.nan), "label")
    assert schema.numeric == ("income", "income_text", "owns_home")
    assert schema.categorical == {"city"}
    assert dict(schema.dropped) == {
        "id": "identifier",
        "code": "identifier",
        "flag": "constant",
        "empty": "all missing",
    }
    assert schema.bad_values == ("bad",)


def test_model_frame_types_and_missing_values() -> None:
    table = _table()
    table.loc[0, "city"] = None
    x = model_frame(table, detect_schema(table, "label", exclude=["income_text"]))
    assert list(x.columns) == ["income", "city", "owns_home"]
    assert x["income"].dtype == np.float64 and x["owns_home"].dtype == np.float64
    assert pd.isna(x.loc[0, "city"]) and x.loc[1, "city"] in {"北京", "上海", "广州"}


@pytest.mark.parametrize(
    ("values", "bad", "expected"),
    [
        ([0, 1, 1, 0], None, ("1",)),
        (["Good", "BAD", "Good", "BAD"], None, ("BAD",)),
        (["paid", "default", "paid", "late"], "default,late", ("default", "late")),
        ([2, 1, 2], "2", ("2",)),
    ],
)
def test_target_mapping(values: list[object], bad: str | None, expected: tuple[str, ...]) -> None:
    series = pd.Series(values)
    assert resolve_bad_values(series, bad) == expected
    flags = target_vector(series, expected)
    assert flags.tolist() == [int(str(v) in expected) for v in values]


@pytest.mark.parametrize(
    ("values", "bad", "field", "words"),
    [
        (["a", "b"], None, "bad_value", "say which target value is bad"),
        (["a", "b"], "c", "bad_value", "not a target value"),
        (["a", "a"], None, "target", "two classes"),
        (["a", None], "a", "target", "no target value"),
    ],
)
def test_target_errors_name_the_option(
    values: list[object], bad: str | None, field: str, words: str
) -> None:
    with pytest.raises(RiskInputError) as caught:
        resolve_bad_values(pd.Series(values), bad)
    assert caught.value.field == field and words in caught.value.message


def test_unknown_target_and_excluded_columns_are_errors() -> None:
    with pytest.raises(RiskInputError, match="column 'nope' not found; columns: id, income"):
        detect_schema(_table(), "nope")
    with pytest.raises(RiskInputError, match="no such column"):
        detect_schema(_table(), "label", exclude=["ghost"])
    with pytest.raises(RiskInputError, match="column missing"):
        model_frame(_table().drop(columns=["city"]), detect_schema(_table(), "label"))


def test_codes_written_as_numbers_can_be_read_as_categories() -> None:
    table = _table().assign(branch=np.tile([101, 202, 303], 20))
    assert "branch" in detect_schema(table, "label").numeric
    schema = detect_schema(table, "label", categorical=["branch"])
    assert "branch" in schema.categorical
    assert set(model_frame(table, schema)["branch"]) == {"101", "202", "303"}
    with pytest.raises(RiskInputError, match="no such column"):
        detect_schema(table, "label", categorical=["nope"])
