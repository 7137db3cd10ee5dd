"""Demo parties (演示客户与经销商): three dealers and a list of borrowers with valid identifiers.

Resident IDs and USCCs are generated with correct check characters (GB 11643 / GB 32100) from
fixed regions and a seeded random generator, so every run produces the same people. They belong
to nobody: the numbers are made up, only their structure is real. Seeding goes through
``parties.services`` (full validation, audit events) and is idempotent by resident ID / USCC.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from autolend.parties.models import Borrower, Dealer
from autolend.parties.services import borrower_register, dealer_register

_RIC_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(region: str, birth: date, sequence: int) -> str:
    """An 18-character resident ID: region (6) + birth date (8) + sequence (3, odd = male) + the
    ISO 7064 MOD 11-2 check character."""
    body = f"{region}{birth:%Y%m%d}{sequence:03d}"
    check = (12 - sum(int(d) * w for d, w in zip(body, _RIC_WEIGHTS)) % 11) % 11
    return body + ("X" if check == 10 else str(check))


def uscc_code(region: str, organisation: str) -> str:
    """A unified social credit code for an enterprise ("91") registered in ``region``, whose
    organisation code is ``organisation`` (8 digits) plus its GB 11714 check character."""
    org_sum = sum(int(c) * w for c, w in zip(organisation, _ORG_WEIGHTS))
    org_check = (11 - org_sum % 11) % 11
    body = f"91{region}{organisation}{'X' if org_check == 10 else org_check}"
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(body, _USCC_WEIGHTS))
    return body + _USCC_ALPHABET[(31 - total % 31) % 31]


@dataclass(frozen=True)
class DemoDealer:
    name: str
    region: str
    organisation: str
    bank_name: str
    account: str
    address: str

    @property
    def uscc(self) -> str:
        return uscc_code(self.region, self.organisation)


DEMO_DEALERS = (
    DemoDealer("北京望京汽车销售服务有限公司", "110105", "60003734", "招商银行北京望京支行",
               "110902341810601", "北京市朝阳区望京街10号"),
    DemoDealer("上海浦东新能源汽车销售有限公司", "310115", "55012987", "中国工商银行上海张江支行",
               "1001203609000123457", "上海市浦东新区张江路88号"),
    DemoDealer("广州天河之星汽车贸易有限公司", "440106", "73498216", "中国建设银行广州天河支行",
               "44050140041209876543", "广州市天河区黄埔大道西200号"),
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
GIVEN = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
         "秀英", "霞", "平", "刚", "桂英", "建华", "晓东", "文博", "雨涵", "子轩", "浩然", "思远", "佳怡")
REGIONS = {  # region code → where the made-up address is
    "110105": "北京市朝阳区", "110108": "北京市海淀区", "310115": "上海市浦东新区", "310104": "上海市徐汇区",
    "440106": "广州市天河区", "440305": "深圳市南山区", "330106": "杭州市西湖区", "510107": "成都市武侯区",
    "420106": "武汉市武昌区", "320102": "南京市玄武区", "370102": "济南市历下区", "610113": "西安市雁塔区",
}
EMPLOYERS = ("某科技有限公司", "某医院", "某中学", "某物流公司", "个体经营", "某银行支行", "某制造厂", "某设计院")


@dataclass(frozen=True)
class DemoBorrower:
    name: str
    resident_id: str
    mobile: str
    employer: str
    monthly_income: Decimal
    address: str


def demo_borrowers(count: int, as_of: date, seed: int = 20261127) -> Iterator[DemoBorrower]:
    """``count`` made-up adults (23 to 58 years old on ``as_of``), the same list on every run;
    names are distinct too (the demo book finds each borrower's loan by name)."""
    rng = random.Random(seed)
    taken: set[str] = set()  # resident IDs and names: each demo borrower is one distinct person
    made = 0
    while made < count:
        birth = as_of - timedelta(days=rng.randint(23 * 365, 58 * 365))
        region = rng.choice(sorted(REGIONS))
        number = resident_id(region, birth, rng.randint(1, 999))
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        mobile = f"1{rng.choice('3578')}{rng.randint(0, 9)}{rng.randint(0, 99_999_999):08d}"
        income = Decimal(rng.randrange(6_000, 45_000, 500))
        if number in taken or name in taken:
            continue
        taken.update((number, name))
        made += 1
        yield DemoBorrower(name, number, mobile, rng.choice(EMPLOYERS), income, f"{REGIONS[region]}某路{made}号")


def dealers_seed_demo(actor: Any = None) -> list[tuple[Dealer, bool]]:
    """Register the three demo dealers that are missing; returns (dealer, created) in order."""
    result = []
    for demo in DEMO_DEALERS:
        existing = Dealer.objects.filter(uscc=demo.uscc).first()
        if existing is not None:
            result.append((existing, False))
            continue
        dealer = dealer_register(name=demo.name, uscc=demo.uscc, bank_account_name=demo.name,
                                 bank_account_number=demo.account, bank_name=demo.bank_name,
                                 address=demo.address, actor=actor)
        result.append((dealer, True))
    return result


def borrowers_seed_demo(count: int, as_of: date, *, first_user: Any = None,
                        actor: Any = None) -> list[tuple[Borrower, bool]]:
    """Register ``count`` demo borrowers (the first linked to ``first_user``, the demo borrower's
    login); an ID already registered is kept as it is. Returns (borrower, created) in order."""
    result = []
    for index, demo in enumerate(demo_borrowers(count, as_of)):
        existing = Borrower.objects.filter(resident_id=demo.resident_id).first()
        if existing is not None:
            result.append((existing, False))
            continue
        user = first_user if index == 0 and first_user is not None else None
        if user is not None and Borrower.objects.filter(user=user).exists():
            user = None
        borrower = borrower_register(name=demo.name, resident_id=demo.resident_id, mobile=demo.mobile,
                                     as_of=as_of, address=demo.address, employer=demo.employer,
                                     monthly_income=demo.monthly_income, user=user, actor=actor)
        result.append((borrower, True))
    return result
