"""Bank card numbers: 12-19 digits with a Luhn check digit."""

from __future__ import annotations

import pytest

from autolend.parties.kyc import bank_card_check, mask


def test_a_luhn_valid_card_passes_with_spaces_removed() -> None:
    result = bank_card_check("6222 0212 3456 7890 128")
    assert result.ok and result.value == "6222021234567890128"


def test_one_wrong_digit_fails_the_luhn_check() -> None:
    assert [e.code for e in bank_card_check("6222021234567890123").errors] == ["bank_card_checksum"]


@pytest.mark.parametrize("value", ["42424242424", "62220212345678901280", "6222abcd34567890128"])
def test_wrong_length_or_characters(value: str) -> None:
    assert [e.code for e in bank_card_check(value).errors] == ["bank_card_format"]


def test_masking_keeps_the_ends() -> None:
    assert mask("6222021234567890128") == "6222***********0128"
