"""The closed vocabularies of the catalogue (values are stable API and database strings).

Display names are neutral: DOMAIN.md notes that marketing wording such as 以租代购 and 车抵贷 is
restricted in some provinces (Guangdong notice of 2021-03-09), so the UI says 车辆抵押贷款 and
"1+N" 融资租赁 instead.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProductKind(models.TextChoices):
    NEW_CAR = "new_car", _("New-car loan")  # 新车贷款
    USED_CAR = "used_car", _("Used-car loan")  # 二手车贷款
    TITLE_LOAN = "title_loan", _("Vehicle-secured loan")  # 车辆抵押贷款 (trade name 车抵贷: not shown)
    PLEDGE_LOAN = "pledge_loan", _("Vehicle pledge loan")  # 车辆质押贷款
    FINANCE_LEASE_DIRECT = "finance_lease_direct", _("Finance lease (direct)")  # 融资租赁（直租）
    FINANCE_LEASE_LEASEBACK = "finance_lease_leaseback", _("Finance lease (sale and leaseback)")  # 售后回租
    LEASE_TO_OWN = "lease_to_own", _("1+N finance lease with purchase option")  # 1+N (not 以租代购)
    BALLOON = "balloon", _("Balloon-payment car loan")  # 尾款贷


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING_APPROVAL = "pending_approval", _("Pending approval")
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired")


class RepaymentMethod(models.TextChoices):
    """The kernel's ``schedule.Method`` values."""

    ANNUITY = "annuity", _("Equal instalments (annuity)")  # 等额本息
    EQUAL_PRINCIPAL = "equal-principal", _("Equal principal")  # 等额本金
    INTEREST_ONLY = "interest-only", _("Interest only, principal at the end")  # 先息后本
    BALLOON = "balloon", _("Balloon (lump sum at the end)")  # 尾款
    FLAT = "flat", _("Flat rate")  # 平息


class VehicleCategory(models.TextChoices):
    """The categories of the PBoC/CBRC LTV caps (汽车贷款最高发放比例)."""

    SELF_USE_CONVENTIONAL = "self_use_conventional", _("Self-use, conventional")  # 自用传统动力汽车
    COMMERCIAL_CONVENTIONAL = "commercial_conventional", _("Commercial, conventional")  # 商用传统动力汽车
    SELF_USE_NEV = "self_use_nev", _("Self-use, new energy")  # 自用新能源汽车
    COMMERCIAL_NEV = "commercial_nev", _("Commercial, new energy")  # 商用新能源汽车
    USED = "used", _("Used car")  # 二手车


class CapKind(models.TextChoices):
    MAX_TERM_MONTHS = "max_term_months", _("Maximum term (months)")
    MAX_LTV = "max_ltv", _("Maximum loan-to-value (%)")
    MAX_APR = "max_apr", _("Maximum APR (%)")


class CapScope(models.TextChoices):
    """What a cap applies to: a kind of loan (terms), a vehicle category (LTV), or everything."""

    NEW_CAR = "new_car", _("New-car loans")  # 汽车贷款: the 5-year cap (used cars: 3 years)
    USED_CAR = "used_car", _("Used-car loans")
    DEALER_LOAN = "dealer_loan", _("Dealer loans")  # 经销商汽车贷款
    SELF_USE_CONVENTIONAL = "self_use_conventional", _("Self-use, conventional")
    COMMERCIAL_CONVENTIONAL = "commercial_conventional", _("Commercial, conventional")
    SELF_USE_NEV = "self_use_nev", _("Self-use, new energy")
    COMMERCIAL_NEV = "commercial_nev", _("Commercial, new energy")
    USED = "used", _("Used car")
    ALL = "all", _("All products")


class FeeKind(models.TextChoices):
    SERVICE = "service", _("Service fee")  # 服务费
    GPS = "gps", _("GPS fee")  # GPS安装费
    INSURANCE = "insurance", _("Insurance")  # 保险
    MANAGEMENT = "management", _("Management fee")  # 管理费
    STORAGE = "storage", _("Storage fee")  # 停车保管费 (pledged cars)


class FeeCharge(models.TextChoices):
    UPFRONT = "upfront", _("Upfront")  # 一次性
    PER_INSTALLMENT = "per_installment", _("With every instalment")  # 分期


class FeeTreatment(models.TextChoices):
    """How an upfront fee is collected (servicing ``LoanSetup.fee_treatment``)."""

    DEDUCTED = "deducted", _("Deducted from the payout")
    BILLED = "billed", _("Billed to the borrower")


class PrepaymentMode(models.TextChoices):
    REDUCE_INSTALLMENT = "reduce_installment", _("Lower instalments, same maturity")
    REDUCE_TERM = "reduce_term", _("Same instalment, shorter term")
