"""The demo catalogue (演示产品目录) and ``products_seed_demo``, which creates it once.

Believable, not any lender's real terms. Names are neutral (see ``choices``). The new-car loan
has two versions to show versioning: v2 (from 2024-07-01) lowers the rates and the
early-settlement fees, as the 2024-04-03 PBoC/NFRA notice encouraged.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from autolend.audit.services import audit_record
from autolend.products.choices import VersionStatus
from autolend.products.models import Product, ProductVersion
from autolend.products.version_settings import settings_clean

LOAN_CAPS = {"self_use_conventional": "80", "commercial_conventional": "70", "self_use_nev": "85",
             "commercial_nev": "75"}


def _fees(service_pct: str, gps: str, *extra: dict[str, str]) -> list[dict[str, str]]:
    return [{"kind": "service", "charge": "upfront", "amount": "0", "percent": service_pct},
            {"kind": "gps", "charge": "upfront", "amount": gps, "percent": "0"}, *extra]


_NEW_CAR_V1: dict[str, Any] = {
    "repayment_methods": ["annuity", "equal-principal"], "terms_months": [36, 48, 60],
    "rate_min": "7.88", "rate_max": "13.88", "fees": _fees("1.5", "1500"), "min_down_payment_pct": "20",
    "ltv_caps": LOAN_CAPS, "compound_interest": True, "settlement_fee_bands": [[12, "3"], [24, "2"], [None, "1"]],
}

# code, kind, zh, en, description zh, description en, [(effective_from, effective_to, settings)]
DEMO_CATALOGUE: tuple[tuple[str, str, str, str, str, str, list[tuple[date, date | None, dict[str, Any]]]], ...] = (
    ("NEWCAR", "new_car", "新车贷款", "New-car loan", "购买新车，车辆办理抵押登记。",
     "Buy a new car; the car is registered as collateral.",
     [(date(2023, 1, 1), date(2024, 7, 1), _NEW_CAR_V1),
      (date(2024, 7, 1), None, {**_NEW_CAR_V1, "repayment_methods": ["annuity"], "rate_min": "6.88",
                                "rate_max": "12.88", "settlement_fee_bands": [[12, "2"], [None, "0"]]})]),
    ("USEDCAR", "used_car", "二手车贷款", "Used-car loan", "购买二手车，期限最长3年。",
     "Buy a used car; at most 3 years.",
     [(date(2023, 1, 1), None, {
         "repayment_methods": ["annuity", "equal-principal"], "terms_months": [12, 24, 36],
         "rate_min": "8.88", "rate_max": "15.88", "fees": _fees("2", "2000"), "min_down_payment_pct": "30",
         "ltv_caps": {"used": "70"}, "compound_interest": True, "settlement_fee_bands": [[12, "3"], [None, "2"]]})]),
    ("BALLOON", "balloon", "尾款分期贷款", "Balloon-payment car loan", "月供更低，尾款随最后一期支付。",
     "Lower instalments; a larger final payment with the last one.",
     [(date(2023, 1, 1), None, {
         "repayment_methods": ["balloon"], "terms_months": [24, 36], "rate_min": "7.88", "rate_max": "13.88",
         "balloon_max_pct": "40", "fees": _fees("1", "1200"), "min_down_payment_pct": "20",
         "ltv_caps": {"self_use_conventional": "80", "self_use_nev": "85"}, "compound_interest": True,
         "settlement_fee_bands": [[12, "3"], [None, "2"]]})]),
    ("VEHICLE-SECURED", "title_loan", "车辆抵押贷款", "Vehicle-secured loan",
     "以名下车辆办理抵押登记，车辆由借款人继续使用。", "Borrow against a car you own; you keep driving it.",
     [(date(2023, 1, 1), None, {
         "repayment_methods": ["annuity", "interest-only"], "terms_months": [12, 24, 36], "rate_min": "12",
         "rate_max": "24", "fees": _fees("3", "2500"), "ltv_caps": {"used": "70"}, "compound_interest": True,
         "settlement_fee_bands": [[6, "4"], [12, "3"], [None, "2"]]})]),
    ("PLEDGE", "pledge_loan", "车辆质押贷款", "Vehicle pledge loan", "车辆交由我方保管，还清后取回。",
     "The car is kept in our custody until the loan is repaid.",
     [(date(2023, 1, 1), None, {
         "repayment_methods": ["interest-only"], "terms_months": [3, 6, 12], "rate_min": "14", "rate_max": "24",
         "fees": _fees("2", "1000", {"kind": "storage", "charge": "per_installment", "amount": "300",
                                     "percent": "0"}),
         "ltv_caps": {"used": "60"}, "compound_interest": True})]),
    ("LEASE-DIRECT", "finance_lease_direct", "融资租赁（直租）", "Finance lease (direct)",
     "租赁期内车辆归出租人所有，期满支付留购价后过户。",
     "The lessor owns the car during the lease; pay the purchase price at the end to own it.",
     [(date(2023, 1, 1), None, {
         "repayment_methods": ["annuity"], "terms_months": [24, 36, 48], "rate_min": "8.88", "rate_max": "14.88",
         "fees": _fees("2", "1800", {"kind": "insurance", "charge": "upfront", "amount": "4500", "percent": "0"}),
         "fee_treatment": "billed", "min_down_payment_pct": "15",
         "ltv_caps": {"self_use_conventional": "85", "self_use_nev": "90", "commercial_conventional": "80",
                      "commercial_nev": "85"},
         "options": {"purchase_option_price": "1000", "end_options": ["buy"]},
         "settlement_fee_bands": [[12, "3"], [None, "2"]]})]),
    ("LEASEBACK", "finance_lease_leaseback", "融资租赁（售后回租）", "Finance lease (sale and leaseback)",
     "将名下车辆出售给出租人并租回使用，期满回购。",
     "Sell your car to the lessor and lease it back; buy it back at the end.",
     [(date(2023, 1, 1), None, {
         "repayment_methods": ["annuity"], "terms_months": [12, 24, 36], "rate_min": "10.88", "rate_max": "18.88",
         "fees": _fees("3", "2500"), "ltv_caps": {"used": "70"},
         "options": {"purchase_option_price": "100", "end_options": ["buy"]},
         "settlement_fee_bands": [[12, "3"], [None, "2"]]})]),
    ("LEASE-1PLUS3", "lease_to_own", "“1+3”融资租赁", "1+3 finance lease with purchase option",
     "首年租赁，期满可购买、分3年续融或退还车辆。",
     "Lease for a year, then buy, refinance the balance over 3 years, or return the car.",
     [(date(2023, 1, 1), None, {
         "repayment_methods": ["annuity"], "terms_months": [12], "rate_min": "9.88", "rate_max": "15.88",
         "fees": _fees("2", "1800"), "min_down_payment_pct": "10",
         "ltv_caps": {"self_use_conventional": "90", "self_use_nev": "90"},
         "options": {"lease_months": 12, "follow_on_terms": [36], "end_options": ["buy", "refinance", "return"]}})]),
)


def products_seed_demo() -> list[tuple[str, bool]]:
    """Create each demo product that is missing, with its versions active (approved by the seed:
    no maker or checker). Idempotent: an existing code is left as it is. Returns (code, created)."""
    result = []
    with transaction.atomic():
        present = set(Product.objects.filter(code__in=[item[0] for item in DEMO_CATALOGUE])
                      .values_list("code", flat=True))
        for order, (code, kind, zh, en, desc_zh, desc_en, versions) in enumerate(DEMO_CATALOGUE, start=1):
            if code in present:
                result.append((code, False))
                continue
            now = timezone.now()
            product = Product.objects.create(code=code, kind=kind, name_zh=zh, name_en=en, description_zh=desc_zh,
                                             description_en=desc_en, display_order=order * 10, created_at=now)
            for number, (start, end, settings) in enumerate(versions, start=1):
                ProductVersion.objects.create(
                    product=product, version=number, effective_from=start, effective_to=end,
                    status=VersionStatus.ACTIVE, note="demo catalogue", approved_at=now, created_at=now,
                    **settings_clean(settings),
                )
            audit_record("product_seed_demo", "product", product.pk, after={"code": code, "versions": len(versions)})
            result.append((code, True))
    return result
