"""Codes and bilingual (English, 简体中文) messages of VIN errors and warnings."""

from __future__ import annotations

from typing import Any

# code → (English template, 简体中文 template); fields are filled with str.format.
MESSAGES: dict[str, tuple[str, str]] = {
    # errors: the VIN is not valid
    "empty": ("VIN is empty", "车辆识别代号为空"),
    "length": (
        "VIN must have 17 characters, got {length}",
        "车辆识别代号应为 17 位,实际为 {length} 位",
    ),
    "forbidden_letter": (
        "letters I, O and Q are not used in a VIN (position {positions})",
        "车辆识别代号不使用字母 I、O、Q(第 {positions} 位)",
    ),
    "invalid_character": (
        "only digits and the letters A-Z are allowed (position {positions})",
        "车辆识别代号只能由数字和字母 A-Z 组成(第 {positions} 位)",
    ),
    "check_digit_mismatch": (
        "check digit (position 9) is {actual}, expected {expected}",
        "第 9 位校验位为 {actual},按 GB 16735 / ISO 3779 计算应为 {expected}",
    ),
    "invalid_year_code": (
        "position 10 ({char}) is not a model-year code",
        "第 10 位({char})不是有效的车型年份代码",
    ),
    # warnings: the VIN may be valid, but something is worth knowing
    "check_digit_not_verified": (
        "check digit (position 9) is {actual}, computed {expected}; it is not mandatory in this"
        " region, so it is reported as not verified",
        "第 9 位校验位为 {actual},计算值为 {expected};该地区不强制使用校验位,视为未验证",
    ),
    "year_code_not_verified": (
        "position 10 ({char}) is not a model-year code; not mandatory in this region",
        "第 10 位({char})不是车型年份代码;该地区不强制,未予验证",
    ),
    "unknown_country": (
        "positions 1-2 ({prefix}) are not an allocated country code",
        "第 1-2 位({prefix})不是已分配的国家或地区代码",
    ),
    "unknown_wmi": (
        "manufacturer of WMI {wmi} is not in the table",
        "世界制造厂识别代号 {wmi} 不在对照表中",
    ),
    "unverified_wmi": (
        "manufacturer name of WMI {wmi} comes from one source or disputed sources; a hint only",
        "世界制造厂识别代号 {wmi} 的厂商名称来源单一或有争议,仅供参考",
    ),
    "model_year_ambiguous": (
        "model year is one of {candidates}; give a reference year to choose",
        "车型年份可能为 {candidates} 之一;请提供参考年份以确定",
    ),
}


def issue(code: str, **fields: Any) -> dict[str, str]:
    """One error or warning: {"code", "message_en", "message_zh"} with its fields filled in."""
    english, chinese = MESSAGES[code]
    return {"code": code, "message_en": english.format(**fields), "message_zh": chinese.format(**fields)}
