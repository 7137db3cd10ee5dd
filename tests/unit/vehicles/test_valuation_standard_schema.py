"""The standard sales schema: extra columns ignored, optional columns optional, bad rows counted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from autolend.vehicles.valuation import ValuationModel, ValuationParams, evaluate, train
from autolend.vehicles.valuation_data import ValuationDataError, VehicleFacts, read_sales_csv

FAST = ValuationParams(num_boost_round=150, learning_rate=0.1, num_threads=1)
Rows = Callable[[int, int], list[dict[str, str]]]
Csv = Callable[..., Path]


def test_extra_columns_are_ignored_and_reported(synthetic_csv: Path) -> None:
    records, report = read_sales_csv(synthetic_csv)
    assert report.ignored_columns == ("vin_note",)
    assert report.rows_kept == len(records) == 600 and report.dropped == {}


def test_a_minimal_file_with_only_the_required_columns_trains_and_quotes(make_rows: Rows, sales_csv: Csv) -> None:
    required = ["make", "model", "year", "mileage_km", "fuel", "transmission", "sale_price", "sale_date"]
    path = sales_csv("minimal.csv", make_rows(400, 8), required)
    records, report = read_sales_csv(path)
    model = train(records, FAST, folds=2)
    assert "body_type" not in model.space.names and "engine_cc" not in model.space.names
    assert {"make", "model", "age_years", "mileage_km", "level_variant"} <= set(model.space.names)
    result = evaluate(model, records)
    assert result["n"] == 400 and result["r2"] > 0.9
    quote = model.quote(VehicleFacts("BYD", "Han", 2021, 40_000, "bev", "automatic"), date(2024, 6, 1))
    assert quote.low <= quote.value <= quote.high and quote.currency == "CNY"


def test_optional_columns_are_used_when_present(synthetic_model: ValuationModel) -> None:
    model = synthetic_model
    assert {"body_type", "region", "owners", "sale_year"} <= set(model.space.names)
    assert model.metrics["n"] == 600 and 0.6 <= model.metrics["range_coverage"] <= 0.95


def test_unseen_makes_and_models_still_get_a_quote(synthetic_model: ValuationModel) -> None:
    quote = synthetic_model.quote(VehicleFacts("NIO", "ET5", 2022, 30_000, "bev", "automatic"), date(2024, 6, 1))
    assert quote.value > 0


def test_bad_rows_are_dropped_and_counted(make_rows: Rows, sales_csv: Csv) -> None:
    rows = make_rows(10, 1)
    rows[0]["sale_price"] = "0"
    rows[1]["year"] = "2099"
    rows[2]["mileage_km"] = "-5"
    rows[3]["make"] = ""
    rows[4]["sale_date"] = "yesterday"
    records, report = read_sales_csv(sales_csv("bad.csv", rows))
    assert len(records) == 5
    assert report.dropped == {
        "missing make or model": 1, "missing or bad sale_date": 1, "missing or impossible mileage_km": 1,
        "missing or impossible year": 1, "missing or non-positive sale_price": 1,
    }


def test_missing_required_columns_are_refused(make_rows: Rows, sales_csv: Csv) -> None:
    columns = ["make", "model", "year", "mileage_km", "fuel", "transmission"]
    path = sales_csv("no_price.csv", make_rows(5, 1), columns)
    with pytest.raises(ValuationDataError, match="sale_price, sale_date"):
        read_sales_csv(path)


def test_a_missing_sale_date_column_takes_the_reference_date(make_rows: Rows, sales_csv: Csv) -> None:
    columns = ["make", "model", "year", "mileage_km", "fuel", "transmission", "sale_price"]
    path = sales_csv("undated.csv", make_rows(5, 1), columns)
    records, _ = read_sales_csv(path, reference_date=date(2024, 12, 31))
    assert {r.sale_date for r in records} == {date(2024, 12, 31)}


def test_training_is_deterministic_with_two_threads(synthetic_csv: Path) -> None:
    records, _ = read_sales_csv(synthetic_csv)
    params = ValuationParams(num_boost_round=100)  # num_threads=2, deterministic=True
    first, second = (train(records, params, folds=2) for _ in range(2))
    assert first.booster.model_to_string() == second.booster.model_to_string()
    assert first.metrics == second.metrics


@pytest.mark.parametrize(
    "kwargs",
    [{"range_quantiles": (0.9, 0.1)}, {"level_smoothing": 0.0}, {"level_folds": 1}, {"num_threads": 0}],
)
def test_nonsense_parameters_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        ValuationParams(**kwargs)  # type: ignore[arg-type]
