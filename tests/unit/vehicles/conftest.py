"""Shared data for the vehicle tests (no Django, no database).

CarDekho is read from ../shared/data beside the repository (licence unverified: never copied into
the repository; samples are written to pytest's temporary directories only). Tests that need it
skip when it is absent; CI has it. Synthetic sales in the standard schema are made here.
"""

from __future__ import annotations

import argparse
import csv
import math
import random
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from autolend.commands import valuation as valuation_command
from autolend.commands import vin as vin_command
from autolend.vehicles.valuation import ValuationModel, ValuationParams, train
from autolend.vehicles.valuation_data import SaleRecord, read_sales_csv

REPO = Path(__file__).resolve().parents[3]
CARDEKHO_CSV = REPO.parent / "shared" / "data" / "cardekho_car_details_v3.csv"

# make → (model, new price in yuan, body) for synthetic sales
CATALOGUE: dict[str, list[tuple[str, int, str]]] = {
    "BYD": [("Qin PLUS", 130_000, "sedan"), ("Song PLUS", 170_000, "suv"), ("Han", 230_000, "sedan")],
    "Volkswagen": [("Lavida", 120_000, "sedan"), ("Tiguan L", 220_000, "suv")],
    "Toyota": [("Corolla", 120_000, "sedan"), ("Camry", 200_000, "sedan"), ("RAV4", 190_000, "suv")],
    "Geely": [("Emgrand", 80_000, "sedan"), ("Boyue", 120_000, "suv")],
    "BMW": [("3 Series", 320_000, "sedan"), ("X3", 400_000, "suv")],
}
FUELS = {"BYD": ("phev", "bev"), "Volkswagen": ("petrol",), "Toyota": ("petrol", "hev"),
         "Geely": ("petrol",), "BMW": ("petrol",)}


def synthetic_rows(n: int, seed: int) -> list[dict[str, str]]:
    """Standard-schema rows: price = new price × 0.85^age × mileage factor × noise (yuan)."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        make = rng.choice(sorted(CATALOGUE))
        model, new_price, body = rng.choice(CATALOGUE[make])
        year = rng.randint(2012, 2023)
        sale_year = rng.randint(max(year, 2018), 2024)
        age = sale_year - year + 0.5
        km = max(0, int(rng.gauss(17_000, 5_000) * age))
        fuel = rng.choice(FUELS[make])
        rate = 0.80 if fuel == "bev" else 0.86
        price = new_price * rate**age * math.exp(-km / 600_000) * math.exp(rng.gauss(0, 0.06))
        rows.append({
            "make": make, "model": model, "year": str(year), "mileage_km": str(km), "fuel": fuel,
            "transmission": rng.choice(("automatic", "automatic", "manual")),
            "sale_price": f"{price:.2f}", "sale_date": f"{sale_year}-{rng.randint(1, 12):02d}-15",
            "body_type": body, "region": rng.choice(("Guangdong", "Zhejiang", "Sichuan")),
            "owners": str(rng.choice((1, 1, 2))), "vin_note": f"row {i}",
        })
    return rows


def write_csv(path: Path, rows: Sequence[dict[str, str]], columns: Sequence[str] | None = None) -> Path:
    columns = list(columns or rows[0])
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture(scope="session")
def cardekho_csv() -> Path:
    if not CARDEKHO_CSV.is_file():
        pytest.skip(f"CarDekho data not found at {CARDEKHO_CSV} (kept outside the repository)")
    return CARDEKHO_CSV


@pytest.fixture(scope="session")
def cardekho(cardekho_csv: Path) -> list[SaleRecord]:
    records, _report = read_sales_csv(cardekho_csv, "cardekho")
    return records


@pytest.fixture(scope="session")
def synthetic_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_csv(tmp_path_factory.mktemp("sales") / "sales.csv", synthetic_rows(600, seed=5))


# Small synthetic models train on one thread: on tiny data LightGBM's second OpenMP thread costs
# more than it saves, and spins badly when the machine is busy. Results do not depend on it.
FAST = ValuationParams(num_boost_round=300, num_threads=1)


@pytest.fixture(scope="session")
def synthetic_model(synthetic_csv: Path) -> ValuationModel:
    """Trained once on the 600 synthetic sales (3-fold CV for the metrics and the range)."""
    records, report = read_sales_csv(synthetic_csv)
    return train(records, FAST, folds=3, data={"sha256": report.data_sha256})


@pytest.fixture
def run_cli() -> Callable[..., int]:
    """Run `autolend vin|valuation ...` through argparse and the handler, as cli.main does."""

    def run(*argv: str) -> int:
        parser = argparse.ArgumentParser(prog="autolend")
        subparsers = parser.add_subparsers()
        vin_command.register(subparsers)
        valuation_command.register(subparsers)
        args = parser.parse_args(list(argv))
        return int(args.handler(args))

    return run


@pytest.fixture
def make_rows() -> Callable[[int, int], list[dict[str, str]]]:
    """`make_rows(n, seed)`: synthetic standard-schema rows (see `synthetic_rows`)."""
    return synthetic_rows


@pytest.fixture
def sales_csv(tmp_path: Path) -> Callable[..., Path]:
    """`sales_csv(name, rows, columns=None)`: write rows to a CSV in the test's directory."""

    def write(name: str, rows: Sequence[dict[str, str]], columns: Sequence[str] | None = None) -> Path:
        return write_csv(tmp_path / name, rows, columns)

    return write
