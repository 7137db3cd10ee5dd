"""WMI decode: Chinese makers and joint ventures, countries from ISO 3780, unknown WMIs."""

from __future__ import annotations

import pytest

from autolend.vehicles.vin import make_vin, vin_check
from autolend.vehicles.wmi import decode_wmi, known_wmis
from autolend.vehicles.wmi_data import WMI_TABLE

CHINESE = [
    ("LGX", "BYD Auto", "比亚迪"),
    ("LC0", "BYD Auto", "比亚迪"),
    ("L6T", "Geely Automobile", "吉利汽车"),
    ("LB3", "Geely Automobile", "吉利汽车"),
    ("LSJ", "SAIC Motor (MG, Roewe)", "上汽乘用车(名爵、荣威)"),
    ("LSG", "SAIC-GM", "上汽通用"),
    ("LFV", "FAW-Volkswagen", "一汽-大众"),
    ("LSV", "SAIC Volkswagen", "上汽大众"),
    ("LS5", "Changan Automobile", "长安汽车"),
    ("LGW", "Great Wall Motor (Haval)", "长城汽车(哈弗)"),
    ("LVV", "Chery Automobile", "奇瑞汽车"),
    ("LRW", "Tesla (Shanghai)", "特斯拉(上海)"),
    ("LMG", "GAC Motor (Trumpchi)", "广汽乘用车(传祺)"),
    ("LGB", "Dongfeng Motor (incl. Dongfeng Nissan)", "东风汽车(含东风日产)"),
    ("LJ1", "JAC Motors", "江淮汽车"),
    ("LBV", "BMW Brilliance", "华晨宝马"),
    ("LE4", "Beijing Benz", "北京奔驰"),
]


@pytest.mark.parametrize(("wmi", "maker", "maker_zh"), CHINESE)
def test_chinese_makers_decode_with_country_china(wmi: str, maker: str, maker_zh: str) -> None:
    info = decode_wmi(wmi)
    assert (info.manufacturer, info.manufacturer_zh) == (maker, maker_zh)
    assert (info.country, info.country_zh, info.region) == ("China", "中国", "Asia")
    report = vin_check(make_vin(wmi, "CE4CB", 2023, "A", "000123"), reference_year=2025)
    assert report["valid"] and report["manufacturer"] == maker and report["country"] == "China"
    assert report["model_year"] == 2023


@pytest.mark.parametrize("wmi", ["LW4", "L1N", "LNB"])
def test_single_source_wmis_are_marked_unverified_and_warned_about(wmi: str) -> None:
    assert decode_wmi(wmi).verified is False
    report = vin_check(make_vin(wmi, "CE4CB", 2023, "A", "000123"))
    assert "unverified_wmi" in [w["code"] for w in report["warnings"]]


@pytest.mark.parametrize(
    ("wmi", "maker", "country"),
    [("WVW", "Volkswagen", "Germany"), ("JTD", "Toyota", "Japan"), ("KNM", "Renault Samsung", "South Korea"),
     ("KND", "Kia", "South Korea"), ("VF1", "Renault", "France"), ("MA3", "Maruti Suzuki", "India"),
     ("5YJ", "Tesla (USA)", "United States"), ("SAL", "Land Rover", "United Kingdom")],
)
def test_world_makers_and_two_character_prefixes(wmi: str, maker: str, country: str) -> None:
    info = decode_wmi(wmi)
    assert (info.manufacturer, info.country) == (maker, country)


def test_an_unknown_wmi_still_gives_the_country_and_a_warning() -> None:
    report = vin_check(make_vin("LXX", "CE4CB", 2023, "A", "000123"))
    assert report["valid"] and report["manufacturer"] is None and report["country"] == "China"
    assert "unknown_wmi" in [w["code"] for w in report["warnings"]]


def test_the_table_has_no_duplicate_and_only_vin_characters() -> None:
    wmis = [row[0] for row in WMI_TABLE]
    assert len(wmis) == len(set(wmis))
    assert all(2 <= len(w) <= 3 and not set(w) & set("IOQ") for w in wmis)
    assert all(decode_wmi(w).country is not None for w in known_wmis())
