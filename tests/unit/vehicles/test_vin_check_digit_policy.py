"""Check-digit policy: mandatory in North America and China, "not verified" elsewhere (configurable)."""

from __future__ import annotations

from autolend.vehicles.vin import (
    CheckDigitPolicy,
    VinRules,
    compute_check_digit,
    make_vin,
    vin_check,
)


def _wrong_check_digit(vin: str) -> str:
    wrong = "0" if vin[8] != "0" else "1"
    return vin[:8] + wrong + vin[9:]


def test_a_wrong_check_digit_is_invalid_in_china_and_north_america() -> None:
    for wmi in ("LGX", "1G1", "2T1", "3VW"):
        vin = _wrong_check_digit(make_vin(wmi, "AB11D", 2005, "A", "000001"))
        report = vin_check(vin)
        assert not report["valid"] and report["check_digit"] == "invalid"
        error = report["errors"][0]
        assert error["code"] == "check_digit_mismatch"
        assert compute_check_digit(vin) in error["message_en"] and "校验位" in error["message_zh"]


def test_a_wrong_check_digit_elsewhere_is_not_verified_by_default() -> None:
    report = vin_check("WDB93216310215519", reference_year=2025)  # printed as an example
    assert report["valid"] and report["check_digit"] == "not_verified"
    assert [w["code"] for w in report["warnings"]] == ["check_digit_not_verified"]


def test_policy_always_and_report() -> None:
    european = "WDB93216310215519"
    chinese = _wrong_check_digit(make_vin("LFV", "AB1CD", 2019, "A", "000001"))
    always, report_only = VinRules(CheckDigitPolicy.ALWAYS), VinRules(CheckDigitPolicy.REPORT)
    assert not vin_check(european, rules=always)["valid"]
    assert vin_check(chinese, rules=report_only)["valid"]
    assert vin_check(chinese, rules=report_only)["check_digit"] == "not_verified"


def test_regions_can_be_configured() -> None:
    rules = VinRules(mandatory_first_chars=frozenset("W"))
    assert not vin_check("WDB93216310215519", rules=rules)["valid"]
