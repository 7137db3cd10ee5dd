"""Decode a World Manufacturer Identifier (positions 1-3 of a VIN, 世界制造厂识别代号).

`decode_wmi("LGX")` → `WmiInfo(wmi="LGX", manufacturer="BYD Auto", country="China", ...)`.
Country comes from the ISO 3780 ranges of the first two characters; the maker from
`wmi_data.WMI_TABLE` (three-character entries first, then two-character prefixes).
A third character "9" marks a small maker (< 1,000 vehicles a year) whose identity continues in
positions 12-14; such VINs decode to their country only unless the table names the WMI.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from autolend.vehicles.wmi_data import COUNTRY_RANGES, WMI_TABLE

# Order of the second character in ISO 3780 ranges: letters (no I, O, Q), then 1-9, then 0.
RANGE_ORDER = "ABCDEFGHJKLMNPRSTUVWXYZ1234567890"

NORTH_AMERICA = frozenset("12345")
CHINA = frozenset("L")


@dataclass(frozen=True)
class WmiInfo:
    """What positions 1-3 say. `manufacturer` is None when the table does not name the WMI."""

    wmi: str
    country: str | None
    country_zh: str | None
    region: str
    manufacturer: str | None
    manufacturer_zh: str | None
    verified: bool
    note: str


def region_of(first_char: str) -> str:
    """ISO 3780 region of the first VIN character: Africa, Asia, Europe, North America, ..."""
    if first_char in "ABCDEFGH":
        return "Africa"
    if first_char in "JKLMNPR":
        return "Asia"
    if first_char in "STUVWXYZ":
        return "Europe"
    if first_char in NORTH_AMERICA:
        return "North America"
    if first_char in "67":
        return "Oceania"
    if first_char in "89":
        return "South America"
    return "unknown"


@cache
def _country_index() -> dict[str, tuple[str, str]]:
    index: dict[str, tuple[str, str]] = {}
    for first, start, end, country, country_zh in COUNTRY_RANGES:
        lo, hi = RANGE_ORDER.index(start), RANGE_ORDER.index(end)
        for second in RANGE_ORDER[lo : hi + 1]:
            index.setdefault(first + second, (country, country_zh))
    return index


@cache
def _maker_index() -> dict[str, tuple[str, str, bool, str]]:
    return {wmi: (name, name_zh, verified, note) for wmi, name, name_zh, verified, note in WMI_TABLE}


def country_of(vin_prefix: str) -> tuple[str, str] | None:
    """(English, 简体中文) country of the first two characters, or None when unallocated/unknown."""
    return _country_index().get(vin_prefix[:2].upper())


def decode_wmi(wmi: str) -> WmiInfo:
    """Decode the first three characters of a VIN (case-insensitive)."""
    wmi = wmi[:3].upper()
    country = country_of(wmi)
    makers = _maker_index()
    maker = makers.get(wmi) or makers.get(wmi[:2])
    name, name_zh, verified, note = maker if maker else (None, None, False, "")
    return WmiInfo(
        wmi=wmi,
        country=country[0] if country else None,
        country_zh=country[1] if country else None,
        region=region_of(wmi[:1]),
        manufacturer=name,
        manufacturer_zh=name_zh,
        verified=verified,
        note=note,
    )


def known_wmis(*, verified_only: bool = False) -> tuple[str, ...]:
    """The three-character WMIs in the table (prefix entries excluded)."""
    return tuple(w for w, _, _, ok, _ in WMI_TABLE if len(w) == 3 and (ok or not verified_only))
