"""VIN check digit (position 9): published samples, generated VINs, every corruption caught."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autolend.vehicles.vin import (
    ALLOWED,
    TRANSLITERATION,
    CheckDigitPolicy,
    VinRules,
    compute_check_digit,
    generate_vin,
    is_valid_vin,
    make_vin,
    vin_check,
)
from autolend.vehicles.wmi import known_wmis

STRICT = VinRules(check_digit=CheckDigitPolicy.ALWAYS)

# VINs printed as examples in public references (standards commentary, decoder docs, APIs).
PUBLISHED = [
    "1M8GDM9AXKP042788",  # the classic example: check digit X (remainder 10)
    "11111111111111111",  # all ones: 1 × (sum of weights 89) mod 11 = 1
    "1HGCM82633A004352",
    "3C6JR7AT4EG248404",
    "5YJ3F7EA2LF656311",
    "5YJSA1DG9DFP14705",
    "1J4GL48596W123793",
    "JH4KA7561PC008269",
    "1GNEK13ZX3R298984",
]


@pytest.mark.parametrize("vin", PUBLISHED)
def test_published_sample_vins_pass_the_check_digit(vin: str) -> None:
    assert compute_check_digit(vin) == vin[8]
    assert is_valid_vin(vin, STRICT)


def test_the_classic_example_has_check_digit_x() -> None:
    assert compute_check_digit("1M8GDM9A0KP042788") == "X"


def test_transliteration_table_matches_the_standard() -> None:
    assert [TRANSLITERATION[c] for c in "ABCDEFGH"] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert [TRANSLITERATION[c] for c in "JKLMNPR"] == [1, 2, 3, 4, 5, 7, 9]
    assert [TRANSLITERATION[c] for c in "STUVWXYZ"] == [2, 3, 4, 5, 6, 7, 8, 9]
    assert not {"I", "O", "Q"} & set(TRANSLITERATION)


def test_many_generated_vins_are_valid_and_decode_their_year() -> None:
    rng = random.Random(2024)
    for wmi in known_wmis():
        for _ in range(20):
            year = rng.randint(1990, 2030)
            vin = generate_vin(rng, wmi=wmi, model_year=year)
            report = vin_check(vin, reference_year=year, rules=STRICT)
            assert report["valid"], (vin, report["errors"])
            assert report["model_year"] == year


def test_make_vin_refuses_a_north_american_position_7_that_would_decode_the_wrong_year() -> None:
    with pytest.raises(ValueError, match="position 7"):
        make_vin("1G1", "ZT512", 2015, "F", "100001")
    assert make_vin("1G1", "ZT5A2", 2015, "F", "100001")[9] == "F"


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), position=st.integers(0, 16), replacement=st.sampled_from(sorted(ALLOWED)))
def test_every_single_substitution_that_changes_the_checksum_is_caught(
    seed: int, position: int, replacement: str
) -> None:
    vin = generate_vin(random.Random(seed))
    original = vin[position]
    corrupted = vin[:position] + replacement + vin[position + 1 :]
    if replacement == original:
        return
    same_value = TRANSLITERATION[replacement] == TRANSLITERATION[original]
    if position == 8 or not same_value:
        # weights are 2..10 (never 0 mod 11) off position 9, so a changed value moves the sum
        assert not is_valid_vin(corrupted, STRICT), corrupted
    else:
        # the known blind spot of the mod-11 check: A↔J↔1, B↔K↔S↔2, ... keep the same sum
        assert compute_check_digit(corrupted) == corrupted[8]


@settings(max_examples=100, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), position=st.integers(0, 16), letter=st.sampled_from("IOQ"))
def test_i_o_q_anywhere_make_a_vin_invalid(seed: int, position: int, letter: str) -> None:
    vin = generate_vin(random.Random(seed))
    report = vin_check(vin[:position] + letter + vin[position + 1 :])
    assert not report["valid"]
    assert report["errors"][0]["code"] == "forbidden_letter"
    assert str(position + 1) in report["errors"][0]["message_en"]


@pytest.mark.parametrize(
    ("vin", "code"),
    [
        ("", "empty"),
        ("1M8GDM9AXKP04278", "length"),
        ("1M8GDM9AXKP0427880", "length"),
        ("1M8GDM9AXKP0427-8", "invalid_character"),
        ("1M8GDM9A1KP042788", "check_digit_mismatch"),
    ],
)
def test_malformed_vins_are_invalid_with_a_coded_bilingual_error(vin: str, code: str) -> None:
    report = vin_check(vin)
    assert report["valid"] is False
    assert code in [e["code"] for e in report["errors"]]
    assert all(e["message_en"] and e["message_zh"] for e in report["errors"])


def test_lower_case_and_surrounding_spaces_are_normalized() -> None:
    assert vin_check("  1m8gdm9axkp042788 ")["valid"]
