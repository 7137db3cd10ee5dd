"""Seed a small table of risky places (second-hand-car markets, pawnshops) for the demo and tests.

Demo data: the names are generic and the coordinates approximate points in each city, not
surveyed addresses of real businesses. A lender loads its own list (admin or data migration).
"""

from django.db import migrations

PLACES = [
    ("示例二手车市场·闵行 Demo used-car market, Minhang", "used_car_market", "上海", 31.1130, 121.3820, 400),
    ("示例二手车市场·宝山 Demo used-car market, Baoshan", "used_car_market", "上海", 31.3700, 121.4400, 400),
    ("示例典当行·静安 Demo pawnshop, Jing'an", "pawnshop", "上海", 31.2290, 121.4480, 150),
    ("示例二手车市场·丰台 Demo used-car market, Fengtai", "used_car_market", "北京", 39.8400, 116.2900, 500),
    ("示例典当行·朝阳 Demo pawnshop, Chaoyang", "pawnshop", "北京", 39.9200, 116.4600, 150),
    ("示例二手车市场·白云 Demo used-car market, Baiyun", "used_car_market", "广州", 23.1900, 113.2700, 500),
    ("示例典当行·天河 Demo pawnshop, Tianhe", "pawnshop", "广州", 23.1300, 113.3300, 150),
    ("示例二手车市场·武侯 Demo used-car market, Wuhou", "used_car_market", "成都", 30.6300, 104.0300, 400),
    ("示例二手车市场·萧山 Demo used-car market, Xiaoshan", "used_car_market", "杭州", 30.1800, 120.2600, 400),
    ("示例典当行·西湖 Demo pawnshop, Xihu", "pawnshop", "杭州", 30.2600, 120.1300, 150),
]


def seed(apps, schema_editor):
    RiskPlace = apps.get_model("collateral", "RiskPlace")
    for name, kind, city, lat, lon, radius in PLACES:
        RiskPlace.objects.get_or_create(name=name, defaults={"kind": kind, "city": city, "lat": lat, "lon": lon,
                                                             "radius_m": radius})


def unseed(apps, schema_editor):
    apps.get_model("collateral", "RiskPlace").objects.filter(name__in=[p[0] for p in PLACES]).delete()


class Migration(migrations.Migration):
    dependencies = [("collateral", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
