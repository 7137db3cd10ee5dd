"""Provinces (省级行政区, GB/T 2260 codes) with approximate bounding boxes, for the GPS area rule.

A bounding box is a coarse test: a point outside the declared province's box is certainly
outside the province; near a border the boxes of neighbours overlap, so a car just across the
border may not be flagged (a false negative, never a false alarm). The boxes are rounded to about
0.05° and are data to refine or replace by a reverse-geocoding adapter; they are not survey
boundaries. Hainan's box covers the main island only.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Province:
    """A province: code, names, and its box (degrees, WGS-84)."""

    code: str
    name_zh: str
    name_en: str
    min_lat: float
    max_lat: float
    min_lon: float
    max_lon: float

    def contains(self, lat: float, lon: float) -> bool:
        """True when (lat, lon) lies in the box."""
        return self.min_lat <= lat <= self.max_lat and self.min_lon <= lon <= self.max_lon


_ROWS = (
    ("110000", "北京市", "Beijing", 39.44, 41.06, 115.42, 117.51),
    ("120000", "天津市", "Tianjin", 38.56, 40.25, 116.71, 118.06),
    ("130000", "河北省", "Hebei", 36.05, 42.62, 113.45, 119.85),
    ("140000", "山西省", "Shanxi", 34.58, 40.73, 110.23, 114.55),
    ("150000", "内蒙古自治区", "Inner Mongolia", 37.40, 53.33, 97.17, 126.07),
    ("210000", "辽宁省", "Liaoning", 38.72, 43.49, 118.84, 125.78),
    ("220000", "吉林省", "Jilin", 40.86, 46.30, 121.64, 131.32),
    ("230000", "黑龙江省", "Heilongjiang", 43.42, 53.56, 121.18, 135.09),
    ("310000", "上海市", "Shanghai", 30.68, 31.88, 120.85, 122.20),
    ("320000", "江苏省", "Jiangsu", 30.76, 35.13, 116.36, 121.95),
    ("330000", "浙江省", "Zhejiang", 27.04, 31.18, 118.02, 123.00),
    ("340000", "安徽省", "Anhui", 29.39, 34.65, 114.88, 119.65),
    ("350000", "福建省", "Fujian", 23.50, 28.32, 115.84, 120.72),
    ("360000", "江西省", "Jiangxi", 24.49, 30.08, 113.57, 118.48),
    ("370000", "山东省", "Shandong", 34.38, 38.40, 114.80, 122.72),
    ("410000", "河南省", "Henan", 31.38, 36.37, 110.35, 116.65),
    ("420000", "湖北省", "Hubei", 29.03, 33.28, 108.36, 116.13),
    ("430000", "湖南省", "Hunan", 24.63, 30.13, 108.78, 114.26),
    ("440000", "广东省", "Guangdong", 20.22, 25.52, 109.66, 117.32),
    ("450000", "广西壮族自治区", "Guangxi", 20.90, 26.39, 104.45, 112.06),
    ("460000", "海南省", "Hainan", 18.15, 20.17, 108.61, 111.05),
    ("500000", "重庆市", "Chongqing", 28.16, 32.20, 105.29, 110.20),
    ("510000", "四川省", "Sichuan", 26.05, 34.32, 97.35, 108.55),
    ("520000", "贵州省", "Guizhou", 24.62, 29.22, 103.60, 109.59),
    ("530000", "云南省", "Yunnan", 21.14, 29.25, 97.53, 106.20),
    ("540000", "西藏自治区", "Tibet", 26.85, 36.48, 78.40, 99.10),
    ("610000", "陕西省", "Shaanxi", 31.71, 39.58, 105.49, 111.25),
    ("620000", "甘肃省", "Gansu", 32.60, 42.79, 92.22, 108.71),
    ("630000", "青海省", "Qinghai", 31.60, 39.21, 89.58, 103.07),
    ("640000", "宁夏回族自治区", "Ningxia", 35.24, 39.39, 104.28, 107.65),
    ("650000", "新疆维吾尔自治区", "Xinjiang", 34.34, 49.18, 73.50, 96.38),
)

PROVINCES: MappingProxyType[str, Province] = MappingProxyType({row[0]: Province(*row) for row in _ROWS})


def province(code: str) -> Province | None:
    """The province with GB/T 2260 code ``code`` (e.g. "310000"), or None."""
    return PROVINCES.get(code)


def province_choices() -> list[tuple[str, str]]:
    """(code, "name_zh name_en") pairs for forms and model choices."""
    return [(p.code, f"{p.name_zh} {p.name_en}") for p in PROVINCES.values()]
