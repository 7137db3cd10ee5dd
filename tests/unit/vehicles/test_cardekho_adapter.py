"""The CarDekho adapter: its columns mapped to the standard schema; duplicates removed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from autolend.vehicles.valuation_data import (
    CARDEKHO_REFERENCE_DATE,
    cardekho_to_standard,
    parse_number,
    read_sales_csv,
)

# An invented row in CarDekho's layout (not taken from the data set).
ROW = {
    "name": "Hyundai Creta 1.6 SX Option", "year": "2018", "selling_price": "1050000",
    "km_driven": "42000", "fuel": "Diesel", "seller_type": "Dealer", "transmission": "Manual",
    "owner": "Second Owner", "mileage": "17.0 kmpl", "engine": "1582 CC", "max_power": "126.2 bhp",
    "torque": "260Nm@ 1900-2750rpm", "seats": "5",
}


def test_name_is_split_into_make_model_variant_and_units_are_converted() -> None:
    row = cardekho_to_standard(ROW)
    assert (row["make"], row["model"], row["variant"]) == ("Hyundai", "Creta", "1.6 SX Option")
    assert row["mileage_km"] == "42000" and row["sale_price"] == "1050000" and row["sale_date"] == ""
    assert parse_number(row["engine_cc"]) == 1582.0
    assert parse_number(row["power_kw"]) == round(126.2 * 0.7457, 2)
    assert row["owners"] == "2" and row["seller_type"] == "Dealer"


def test_two_word_makes_and_test_drive_cars() -> None:
    row = cardekho_to_standard({**ROW, "name": "Land Rover Discovery Sport TD4 HSE", "owner": "Test Drive Car"})
    assert (row["make"], row["model"], row["variant"]) == ("Land Rover", "Discovery", "Sport TD4 HSE")
    assert row["owners"] == "0"


def test_numbers_with_units_and_separators() -> None:
    assert parse_number("1,248 CC") == 1248.0 and parse_number("74 bhp") == 74.0
    assert parse_number("") is None and parse_number(" bhp") is None and parse_number(None) is None


def test_the_real_file_loses_its_duplicates_and_gets_the_reference_date(cardekho_csv: Path) -> None:
    records, report = read_sales_csv(cardekho_csv, "cardekho")
    assert (report.rows_read, report.duplicates_removed, report.rows_kept) == (8128, 1198, 6929)
    assert report.dropped == {"missing or impossible mileage_km": 1}
    assert {r.sale_date for r in records} == {CARDEKHO_REFERENCE_DATE}
    other, _ = read_sales_csv(cardekho_csv, "cardekho", reference_date=date(2021, 3, 1))
    assert other[0].sale_date == date(2021, 3, 1)
    with_duplicates, report = read_sales_csv(cardekho_csv, "cardekho", dedup=False)
    assert len(with_duplicates) == 8127 and report.duplicates_removed == 0
