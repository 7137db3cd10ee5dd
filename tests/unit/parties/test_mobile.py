"""Mainland mobile numbers: parsed with phonenumbers (region CN), 11 digits starting 1[3-9]."""

from __future__ import annotations

import pytest

from autolend.parties.kyc import mobile_check


@pytest.mark.parametrize("value", ["13800138000", "+86 138 0013 8000", "008613800138000", "138-0013-8000"])
def test_valid_numbers_are_stored_as_eleven_digits(value: str) -> None:
    result = mobile_check(value)
    assert result.ok and result.value == "13800138000"


@pytest.mark.parametrize("value", ["13312345678", "14512345678", "16612345678", "17012345678", "19912345678"])
def test_every_prefix_from_13_to_19_is_a_mobile(value: str) -> None:
    assert mobile_check(value).ok


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "mobile_required"),
        ("12345678901", "mobile_format"),  # 12x is not a mobile prefix
        ("1380013800", "mobile_format"),  # 10 digits
        ("02012345678", "mobile_format"),  # a Guangzhou landline
        ("not a phone", "mobile_format"),
        ("+1 415 555 2671", "mobile_not_cn"),
    ],
)
def test_invalid_numbers(value: str, code: str) -> None:
    assert [e.code for e in mobile_check(value).errors] == [code]
