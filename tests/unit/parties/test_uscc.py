"""Unified social credit code (GB 32100-2015): check character and alphabet, via stdnum.cn.uscc."""

from __future__ import annotations

import pytest

from autolend.parties.kyc import uscc_check


def test_a_valid_code_derives_its_region() -> None:
    result = uscc_check("91110000600037341L")
    assert result.ok and result.region_code == "110000" and result.province == "北京市"


def test_separators_and_lowercase_are_normalised() -> None:
    assert uscc_check("9111 0000-6000 3734 1l").value == "91110000600037341L"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "uscc_required"),
        ("91110000600037341", "uscc_length"),
        ("91110000600037341M", "uscc_checksum"),
        ("A1110000600037341L", "uscc_format"),
        ("9111000060003734IL", "uscc_format"),  # I, O, Z, S, V are not in the alphabet
    ],
)
def test_invalid_codes(value: str, code: str) -> None:
    result = uscc_check(value)
    assert [e.code for e in result.errors] == [code]
    assert result.errors[0].message_zh and result.errors[0].message_en
