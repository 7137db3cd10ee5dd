"""VIN check and decode (车辆识别代号 VIN: ISO 3779, GB 16735, FMVSS 115 / 49 CFR 565).

A VIN has 17 characters from 0-9 and A-Z without I, O, Q. Position 9 is a check digit: each
character is transliterated to a number (A=1 ... H=8, J=1 ... R=9, S=2 ... Z=9, digits as
themselves), multiplied by its position weight (8 7 6 5 4 3 2 10 0 9 8 7 6 5 4 3 2), and the sum
modulo 11 is the check digit ("X" for 10). The check digit and the model-year code in position
10 are mandatory in North America (49 CFR 565) and China (GB 16735); elsewhere ISO 3779 leaves
them optional, so by default a mismatch there is reported as "not verified", not invalid
(`VinRules`). The model-year code repeats every 30 years (A = 1980 or 2010); in North America
position 7 settles it for light vehicles (digit: 1980-2009, letter: 2010-2039), elsewhere the most
recent candidate not after the reference year + 1 is chosen (a model year may run one year ahead).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from autolend.vehicles.vin_messages import issue
from autolend.vehicles.wmi import CHINA, NORTH_AMERICA, country_of, decode_wmi, known_wmis

VIN_LENGTH = 17
ALLOWED = frozenset("0123456789ABCDEFGHJKLMNPRSTUVWXYZ")
FORBIDDEN = frozenset("IOQ")
TRANSLITERATION: dict[str, int] = {
    **{d: int(d) for d in "0123456789"},
    **dict(zip("ABCDEFGH", range(1, 9))),
    **dict(zip("JKLMN", range(1, 6))),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10))),
}
WEIGHTS: tuple[int, ...] = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
YEAR_CODES = "ABCDEFGHJKLMNPRSTVWXY123456789"  # 1980..2009, again 2010..2039
FIRST_CYCLE = 1980


class CheckDigitPolicy(StrEnum):
    """When a wrong check digit makes a VIN invalid."""

    AUTO = "auto"  # where the law requires it (`VinRules.mandatory_first_chars`), else "not verified"
    ALWAYS = "always"  # in every region
    REPORT = "report"  # never: a mismatch is only a warning


@dataclass(frozen=True)
class VinRules:
    """Check-digit policy; `mandatory_first_chars`: first VIN characters of the regions that
    require the check digit and the year code (1-5 North America, L China)."""

    check_digit: CheckDigitPolicy = CheckDigitPolicy.AUTO
    mandatory_first_chars: frozenset[str] = NORTH_AMERICA | CHINA

    def required(self, vin: str) -> bool:
        """True when this VIN's check digit and year code are mandatory."""
        if self.check_digit is CheckDigitPolicy.ALWAYS:
            return True
        if self.check_digit is CheckDigitPolicy.REPORT:
            return False
        return vin[:1] in self.mandatory_first_chars


def normalize(vin: str) -> str:
    """Strip surrounding whitespace and upper-case (VINs are printed in capitals)."""
    return vin.strip().upper()


def compute_check_digit(vin: str) -> str:
    """Check digit ("0".."9" or "X") of a 17-character VIN of allowed characters.

    Position 9 carries weight 0, so its current content does not matter. Raises ValueError when
    the VIN has the wrong length or a character outside the VIN alphabet.
    """
    vin = normalize(vin)
    if len(vin) != VIN_LENGTH or any(ch not in ALLOWED for ch in vin):
        raise ValueError(f"not a 17-character VIN of allowed characters: {vin!r}")
    total = sum(TRANSLITERATION[ch] * weight for ch, weight in zip(vin, WEIGHTS, strict=True))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def model_year_candidates(vin: str) -> tuple[int, ...]:
    """The model years position 10 can mean (two, 30 years apart; empty for a non-year code).

    In North America (first character 1-5) position 7 picks one: digit → 1980-2009, letter →
    2010-2039 (49 CFR 565.15, light vehicles from model year 2010 on).
    """
    vin = normalize(vin)
    if len(vin) < 10 or vin[9] not in YEAR_CODES:
        return ()
    first = FIRST_CYCLE + YEAR_CODES.index(vin[9])
    if vin[0] in NORTH_AMERICA and len(vin) >= 7:
        return (first,) if vin[6].isdigit() else (first + 30,)
    return (first, first + 30)


def model_year(vin: str, reference_year: int | None = None) -> int | None:
    """The model year, or None when it cannot be settled.

    `reference_year` (e.g. the year of the business date) picks the most recent candidate not
    after reference_year + 1; without it only a North American VIN is settled.
    """
    candidates = model_year_candidates(vin)
    if len(candidates) == 1:
        return candidates[0]
    if reference_year is None:
        return None
    eligible = [year for year in candidates if year <= reference_year + 1]
    return max(eligible) if eligible else None


def vin_check(vin: str, reference_year: int | None = None, rules: VinRules | None = None) -> dict[str, Any]:
    """Validate and decode a VIN: the JSON contract of `autolend vin check`.

    Returns {"valid", "errors", "wmi", "manufacturer", "country", "model_year"} plus "vin"
    (normalized), "warnings", "check_digit" ("valid" | "invalid" | "not_verified" | None),
    "model_year_candidates", "manufacturer_zh", "country_zh", "region", "wmi_verified".
    Errors and warnings are lists of {"code", "message_en", "message_zh"}.
    """
    rules = rules or VinRules()
    vin = normalize(vin)
    errors: list[dict[str, str]] = []
    warnings: list[dict[str, str]] = []
    if not vin:
        errors.append(issue("empty"))
    elif len(vin) != VIN_LENGTH:
        errors.append(issue("length", length=len(vin)))
    forbidden = [i + 1 for i, ch in enumerate(vin) if ch in FORBIDDEN]
    if forbidden:
        errors.append(issue("forbidden_letter", positions=_positions(forbidden)))
    invalid = [i + 1 for i, ch in enumerate(vin) if ch not in ALLOWED and ch not in FORBIDDEN]
    if invalid:
        errors.append(issue("invalid_character", positions=_positions(invalid)))
    well_formed = not errors

    check_digit: str | None = None
    if well_formed:
        required = rules.required(vin)
        expected, actual = compute_check_digit(vin), vin[8]
        if expected == actual:
            check_digit = "valid"
        elif required:
            check_digit = "invalid"
            errors.append(issue("check_digit_mismatch", actual=actual, expected=expected))
        else:
            check_digit = "not_verified"
            warnings.append(issue("check_digit_not_verified", actual=actual, expected=expected))
        if vin[9] not in YEAR_CODES:
            code = "invalid_year_code" if required else "year_code_not_verified"
            (errors if required else warnings).append(issue(code, char=vin[9]))

    decodable = len(vin) >= 3 and all(ch in ALLOWED for ch in vin[:3])
    info = decode_wmi(vin) if decodable else None
    if info is not None:
        if info.country is None:
            warnings.append(issue("unknown_country", prefix=vin[:2]))
        if info.manufacturer is None:
            warnings.append(issue("unknown_wmi", wmi=info.wmi))
        elif not info.verified:
            warnings.append(issue("unverified_wmi", wmi=info.wmi))
    candidates = model_year_candidates(vin) if decodable else ()
    year = model_year(vin, reference_year) if decodable else None
    if year is None and len(candidates) > 1:
        warnings.append(issue("model_year_ambiguous", candidates=", ".join(map(str, candidates))))
    return {
        "valid": not errors,
        "errors": errors,
        "wmi": info.wmi if info else None,
        "manufacturer": info.manufacturer if info else None,
        "country": info.country if info else None,
        "model_year": year,
        "vin": vin,
        "warnings": warnings,
        "check_digit": check_digit,
        "model_year_candidates": list(candidates),
        "manufacturer_zh": info.manufacturer_zh if info else None,
        "country_zh": info.country_zh if info else None,
        "region": info.region if info else None,
        "wmi_verified": info.verified if info else False,
    }


def is_valid_vin(vin: str, rules: VinRules | None = None) -> bool:
    """True when `vin_check` finds no error."""
    return bool(vin_check(vin, rules=rules)["valid"])


def year_code(year: int) -> str:
    """Position-10 code of a model year 1980-2039."""
    if not FIRST_CYCLE <= year < FIRST_CYCLE + 60:
        raise ValueError(f"model year {year} is outside 1980-2039")
    return YEAR_CODES[(year - FIRST_CYCLE) % 30]


def make_vin(wmi: str, vds: str, model_year: int, plant: str, serial: str) -> str:
    """Assemble a VIN and compute its check digit.

    wmi: 3 characters; vds: positions 4-8 (5 characters); plant: position 11; serial: positions
    12-17 (6 characters). For North America position 7 (vds[3]) must be a letter from 2010 on
    and a digit before, so that the year decodes back; this function checks it.
    """
    body = normalize(wmi + vds + "0" + year_code(model_year) + plant + serial)
    if len(body) != VIN_LENGTH or any(ch not in ALLOWED for ch in body):
        raise ValueError(f"VIN parts do not make 17 allowed characters: {body!r}")
    if body[0] in NORTH_AMERICA and body[6].isdigit() != (model_year < 2010):
        raise ValueError("North American VIN: position 7 must be a digit before 2010, a letter after")
    digit = compute_check_digit(body)
    return body[:8] + digit + body[9:]


def generate_vin(
    rng: random.Random, wmi: str | None = None, model_year: int | None = None
) -> str:
    """A random valid VIN for tests and simulators (known WMI unless given; year 1990-2030)."""
    wmi = wmi or rng.choice(known_wmis())
    if country_of(wmi) is None:
        raise ValueError(f"WMI {wmi!r} has no allocated country")
    year = model_year if model_year is not None else rng.randint(1990, 2030)
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    alphabet = sorted(ALLOWED)
    vds = [rng.choice(alphabet) for _ in range(5)]
    if wmi[0] in NORTH_AMERICA:
        vds[3] = rng.choice("0123456789" if year < 2010 else letters)
    plant = rng.choice(alphabet)
    serial = "".join(rng.choice("0123456789") for _ in range(6))
    return make_vin(wmi, "".join(vds), year, plant, serial)


def _positions(positions: list[int]) -> str:
    return ", ".join(map(str, positions))
