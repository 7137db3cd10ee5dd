"""Resident ID (GB 11643-1999): check character, derived birth date, sex and region; 15-digit
first-generation numbers are refused (not converted)."""

from __future__ import annotations

from datetime import date

import pytest
from stdnum.cn import ric

from autolend.parties.kyc import resident_id_check


def with_check(body17: str) -> str:
    """A number with the right ISO 7064 MOD 11-2 check character."""
    return body17 + ric.calc_check_digit(body17 + "0")


def codes(value: str) -> list[str]:
    return [error.code for error in resident_id_check(value).errors]


def test_the_standard_example_is_valid_and_derives_its_facts() -> None:
    result = resident_id_check("11010519491231002X")  # GB 11643's own example
    assert result.ok
    assert result.birth_date == date(1949, 12, 31)
    assert result.sex == "female"  # sequence 002: even
    assert (result.region_code, result.province, result.county) == ("110105", "北京市", "朝阳区")


def test_odd_sequence_is_male() -> None:
    result = resident_id_check("360426199101010071")
    assert result.ok and result.sex == "male" and result.birth_date == date(1991, 1, 1)
    assert result.province == "江西省"


def test_spaces_and_a_lowercase_x_are_normalised() -> None:
    result = resident_id_check(" 110105 19491231 002x ")
    assert result.ok and result.value == "11010519491231002X"


@pytest.mark.parametrize("wrong", ["110105194912310021", "110105194912310023", "360426199101010070"])
def test_a_wrong_check_character_is_refused(wrong: str) -> None:
    assert codes(wrong) == ["resident_id_checksum"]


def test_wrong_check_character_says_so_in_both_languages() -> None:
    error = resident_id_check("110105194912310021").errors[0]
    assert error.code == "resident_id_checksum"
    assert "check character" in error.message_en and "校验位" in error.message_zh


def test_an_impossible_birth_date_is_refused_even_with_a_valid_check_character() -> None:
    assert codes(with_check("11010519490230002")) == ["resident_id_birth_date"]  # 30 February
    assert codes(with_check("11010518991231002")) == ["resident_id_birth_date"]  # before 1900


def test_an_unknown_province_code_is_refused() -> None:
    assert codes(with_check("99010519900101002")) == ["resident_id_region"]


def test_a_county_missing_from_the_table_is_not_an_error() -> None:
    result = resident_id_check(with_check("11019919900101002"))
    assert result.ok and result.province == "北京市" and result.county == ""


def test_fifteen_digit_numbers_are_refused_not_converted() -> None:
    result = resident_id_check("110105491231002")
    assert [e.code for e in result.errors] == ["resident_id_old_format"]
    assert "18" in result.errors[0].message_en and "18位" in result.errors[0].message_zh


@pytest.mark.parametrize(
    ("value", "code"),
    [("", "resident_id_required"), ("1101051949123100", "resident_id_length"),
     ("1101051949123100AX", "resident_id_format")],
)
def test_malformed_numbers(value: str, code: str) -> None:
    assert codes(value) == [code]
