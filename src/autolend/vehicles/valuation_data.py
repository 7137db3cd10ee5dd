"""Sales records for the valuation model: the CSV schema, cleaning, and the CarDekho adapter.

Standard CSV schema (one sale or auction result per row, header names as below; UTF-8):

| column | required | meaning |
| --- | --- | --- |
| make | yes | brand, e.g. "BYD", "Volkswagen" (case and spacing ignored) |
| model | yes | model line, e.g. "Qin PLUS", "Lavida" |
| year | yes | model year (or year of first registration), e.g. 2019 |
| mileage_km | yes | odometer at sale, km |
| fuel | yes* | e.g. petrol, diesel, hev, phev, bev, cng (*blank allowed) |
| transmission | yes* | e.g. manual, automatic (*blank allowed) |
| sale_price | yes | price achieved, in the lender's currency (yuan), > 0 |
| sale_date | yes** | YYYY-MM-DD (**may be absent when a reference date is given) |
| variant | no | trim / version name (配置), e.g. "DM-i 55km 旗舰型" |
| engine_cc, power_kw, seats, owners, battery_kwh | no | displacement (cc), maximum power (kW), seats, previous owners (过户次数 + 1), battery (kWh) |
| seller_type, body_type, region | no | e.g. dealer / individual / auction; sedan / suv; province or city |

Numbers may carry units or thousands separators ("1,248 CC" → 1248). Other columns are ignored
(and listed in the load report). Rows with a missing or impossible required value are dropped
and counted by reason. Exact duplicate rows (every original cell equal) are removed by default.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

REQUIRED = ("make", "model", "year", "mileage_km", "fuel", "transmission", "sale_price")
NUMERIC_OPTIONAL = ("engine_cc", "power_kw", "seats", "owners", "battery_kwh")
TEXT_OPTIONAL = ("variant", "seller_type", "body_type", "region")
STANDARD_COLUMNS = (*REQUIRED, "sale_date", *TEXT_OPTIONAL, *NUMERIC_OPTIONAL)
BHP_TO_KW = 0.7457
CARDEKHO_REFERENCE_DATE = date(2020, 12, 31)  # the listings were collected in 2020
CARDEKHO_TWO_WORD_MAKES = frozenset({"land rover", "ashok leyland", "aston martin", "rolls royce"})
CARDEKHO_OWNERS = {
    "test drive car": 0,
    "first owner": 1,
    "second owner": 2,
    "third owner": 3,
    "fourth & above owner": 4,
}
_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")


class ValuationDataError(ValueError):
    """The data cannot be used: missing required columns, no usable row, unreadable file."""


@dataclass(frozen=True)
class VehicleFacts:
    """What the model knows about a car. Mileage in km, engine in cc, power in kW."""

    make: str
    model: str
    year: int
    mileage_km: float
    fuel: str | None = None
    transmission: str | None = None
    variant: str | None = None
    seller_type: str | None = None
    body_type: str | None = None
    region: str | None = None
    engine_cc: float | None = None
    power_kw: float | None = None
    seats: float | None = None
    owners: float | None = None
    battery_kwh: float | None = None


@dataclass(frozen=True)
class SaleRecord:
    """One observed sale: the car, the price achieved (currency units), the date of sale."""

    vehicle: VehicleFacts
    sale_price: Decimal
    sale_date: date


@dataclass(frozen=True)
class LoadReport:
    """What loading did: rows read, kept, duplicates removed, dropped by reason, ignored columns."""

    rows_read: int
    rows_kept: int
    duplicates_removed: int
    dropped: Mapping[str, int] = field(default_factory=dict)
    ignored_columns: tuple[str, ...] = ()
    data_sha256: str = ""


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes (identifies the training data in the model metadata)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def parse_number(text: str | None) -> float | None:
    """First number in `text` ("1,248 CC" → 1248.0, "74 bhp" → 74.0); None when there is none."""
    if text is None:
        return None
    match = _NUMBER.search(text.replace(",", ""))
    return float(match.group()) if match else None


def read_sales_csv(
    path: Path, fmt: str = "standard", reference_date: date | None = None, dedup: bool = True
) -> tuple[list[SaleRecord], LoadReport]:
    """Read a sales CSV in `fmt` "standard" or "cardekho"; see the module docstring.

    reference_date: sale date for rows without one (CarDekho has none: default 2020-12-31).
    Raises ValuationDataError for a missing file or required column, or when no row is usable.
    """
    if fmt not in ("standard", "cardekho"):
        raise ValuationDataError(f"unknown format {fmt!r} (standard or cardekho)")
    if not path.is_file():
        raise ValuationDataError(f"no such file: {path}")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        lines = [row for row in csv.reader(handle) if any(cell.strip() for cell in row)]
    header = tuple(name.strip() for name in lines[0]) if lines else ()
    width = len(header)
    raw_rows = [tuple(cell.strip() for cell in (row + [""] * width)[:width]) for row in lines[1:]]
    if fmt == "cardekho":
        reference_date = reference_date or CARDEKHO_REFERENCE_DATE
    seen: set[tuple[str, ...]] = set()
    unique: list[dict[str, str]] = []
    for raw in raw_rows:
        if dedup and raw in seen:
            continue
        seen.add(raw)
        unique.append(dict(zip(header, raw, strict=False)))
    rows = [cardekho_to_standard(row) for row in unique] if fmt == "cardekho" else unique
    columns = STANDARD_COLUMNS if fmt == "cardekho" else header
    missing = [c for c in REQUIRED if c not in columns]
    if "sale_date" not in columns and reference_date is None:
        missing.append("sale_date")
    if missing:
        raise ValuationDataError(f"missing required column(s): {', '.join(missing)}")
    records, dropped = clean_rows(rows, reference_date)
    if not records:
        raise ValuationDataError(f"no usable row in {path} (dropped: {dict(dropped)})")
    ignored = () if fmt == "cardekho" else tuple(c for c in header if c not in STANDARD_COLUMNS)
    report = LoadReport(
        rows_read=len(raw_rows),
        rows_kept=len(records),
        duplicates_removed=len(raw_rows) - len(unique),
        dropped=dict(sorted(dropped.items())),
        ignored_columns=ignored,
        data_sha256=file_sha256(path),
    )
    return records, report


def cardekho_to_standard(row: Mapping[str, str]) -> dict[str, str]:
    """Map a CarDekho row (name, year, selling_price, km_driven, fuel, seller_type, transmission,
    owner, mileage, engine, max_power, torque, seats) to the standard schema.

    name → make + model + variant ("Maruti Swift Dzire VDI" → Maruti / Swift / Dzire VDI);
    max_power in bhp → power_kw; owner text → owners (First Owner → 1, Test Drive Car → 0).
    """
    words = row.get("name", "").split()
    make_words = 2 if " ".join(words[:2]).casefold() in CARDEKHO_TWO_WORD_MAKES else 1
    power_bhp = parse_number(row.get("max_power"))
    owners = CARDEKHO_OWNERS.get(row.get("owner", "").strip().casefold())
    return {
        "make": " ".join(words[:make_words]),
        "model": " ".join(words[make_words : make_words + 1]),
        "variant": " ".join(words[make_words + 1 :]),
        "year": row.get("year", ""),
        "mileage_km": row.get("km_driven", ""),
        "fuel": row.get("fuel", ""),
        "transmission": row.get("transmission", ""),
        "sale_price": row.get("selling_price", ""),
        "sale_date": "",
        "seller_type": row.get("seller_type", ""),
        "engine_cc": row.get("engine", ""),
        "power_kw": "" if power_bhp is None else f"{power_bhp * BHP_TO_KW:.2f}",
        "seats": row.get("seats", ""),
        "owners": "" if owners is None else str(owners),
    }


def clean_rows(
    rows: Iterable[Mapping[str, str]], reference_date: date | None
) -> tuple[list[SaleRecord], Counter[str]]:
    """Standard-schema rows → SaleRecords, with a count of dropped rows by reason."""
    records: list[SaleRecord] = []
    dropped: Counter[str] = Counter()
    for row in rows:
        record = _record(row, reference_date)
        if isinstance(record, str):
            dropped[record] += 1
        else:
            records.append(record)
    return records, dropped


def _record(row: Mapping[str, str], reference_date: date | None) -> SaleRecord | str:
    """A SaleRecord, or the reason the row is dropped."""
    text = {k: (v or "").strip() for k, v in row.items()}
    if not text.get("make") or not text.get("model"):
        return "missing make or model"
    sale_date = _date(text.get("sale_date", "")) or reference_date
    if sale_date is None:
        return "missing or bad sale_date"
    year = parse_number(text.get("year"))
    if year is None or year != int(year) or not 1950 <= year <= sale_date.year + 1:
        return "missing or impossible year"
    mileage = parse_number(text.get("mileage_km"))
    if mileage is None or not 0 <= mileage < 2_000_000:
        return "missing or impossible mileage_km"
    price = _price(text.get("sale_price", ""))
    if price is None:
        return "missing or non-positive sale_price"
    vehicle = VehicleFacts(
        make=text["make"],
        model=text["model"],
        year=int(year),
        mileage_km=mileage,
        fuel=text.get("fuel") or None,
        transmission=text.get("transmission") or None,
        variant=text.get("variant") or None,
        seller_type=text.get("seller_type") or None,
        body_type=text.get("body_type") or None,
        region=text.get("region") or None,
        engine_cc=parse_number(text.get("engine_cc")),
        power_kw=parse_number(text.get("power_kw")),
        seats=parse_number(text.get("seats")),
        owners=parse_number(text.get("owners")),
        battery_kwh=parse_number(text.get("battery_kwh")),
    )
    return SaleRecord(vehicle=vehicle, sale_price=price, sale_date=sale_date)


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _price(text: str) -> Decimal | None:
    try:
        price = Decimal(text.replace(",", "")) if text else None
    except InvalidOperation:
        return None
    return price if price is not None and price.is_finite() and price > 0 else None
