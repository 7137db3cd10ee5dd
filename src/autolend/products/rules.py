"""Checking requested terms against a product version and the caps in force (pure: no database).

``product_terms_check`` returns every rule the request breaks, each a ``RuleViolation`` with a
stable code and messages in English and Chinese; the decision engine's policy rules use it as
hard rules. Which caps apply (``cap_scopes``):

* the APR guardrail (``max_apr``, scope ``all``) applies to every product;
* term and LTV caps of the car-loan rules (《汽车贷款管理办法》 and the LTV notices) apply to the
  loan kinds; a used car, or a vehicle-secured or pledge loan (the car is second-hand by nature),
  is checked against the used-car caps: a conservative reading, since those rules are written for
  purchase loans. Finance leases (the lessor owns the car) are outside them.

Percentages are percent (70 = 70%), terms months. A cap whose ``value`` is null is set by the
institution: its ``policy_value`` is the lender's own limit (a "policy" violation, not regulation).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from autolend.products.choices import CapKind, CapScope, ProductKind, VehicleCategory

CAR_LOAN_KINDS = frozenset({ProductKind.NEW_CAR, ProductKind.USED_CAR, ProductKind.BALLOON,
                            ProductKind.TITLE_LOAN, ProductKind.PLEDGE_LOAN})
SECOND_HAND_KINDS = frozenset({ProductKind.USED_CAR, ProductKind.TITLE_LOAN, ProductKind.PLEDGE_LOAN})


@dataclass(frozen=True)
class CapInForce:
    """A regulatory cap row as a value (see ``products.models.RegulatoryCap``)."""

    kind: str
    scope: str
    value: Decimal | None
    policy_value: Decimal | None
    effective_from: date
    effective_to: date | None
    source: str = ""

    @property
    def institution_set(self) -> bool:
        """The regulation leaves this limit to the institution."""
        return self.value is None

    @property
    def limit(self) -> Decimal | None:
        """The limit to apply: the regulatory value, else the lender's policy value (None: none)."""
        return self.value if self.value is not None else self.policy_value

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on < self.effective_to)


@dataclass(frozen=True)
class RuleViolation:
    """A broken rule. ``rule`` is "product", "regulation" or "policy" (the lender's own cap)."""

    code: str
    field: str
    rule: str
    limit: Decimal | None
    actual: Decimal | None
    message_en: str
    message_zh: str


def cap_scopes(kind: str, vehicle_category: str) -> dict[str, str]:
    """The cap scope each cap kind is looked up in, for this product kind and vehicle."""
    scopes = {CapKind.MAX_APR.value: CapScope.ALL.value}
    if kind in CAR_LOAN_KINDS:
        used = kind in SECOND_HAND_KINDS or vehicle_category == VehicleCategory.USED
        scopes[CapKind.MAX_TERM_MONTHS.value] = CapScope.USED_CAR.value if used else CapScope.NEW_CAR.value
        scopes[CapKind.MAX_LTV.value] = CapScope.USED.value if used else vehicle_category
    return scopes


def product_terms_check(
    version: Any,
    *,
    term_months: int,
    annual_rate: Decimal,
    down_payment_pct: Decimal,
    ltv: Decimal,
    vehicle_category: str,
    on_date: date,
    caps: Iterable[CapInForce],
    apr: Decimal | None = None,
) -> list[RuleViolation]:
    """Every rule broken by these terms; empty when they are acceptable.

    ``version``: a ProductVersion (or any object with its attributes and ``product.kind``).
    ``annual_rate`` (nominal, percent) is checked against the product's range; the APR guardrail
    against ``apr`` when given (fees included), else ``annual_rate``. ``down_payment_pct`` and
    ``ltv`` in percent of the vehicle price (LTV against the lower of price and valuation).
    ``caps``: the regulatory caps (``selectors.regulatory_caps_in_force``); only those in force on
    ``on_date`` count.
    """
    kind = str(getattr(version, "kind", None) or version.product.kind)
    found: list[RuleViolation] = []

    def add(code: str, field: str, rule: str, limit: Any, actual: Any, **extra: Any) -> None:
        english, chinese = MESSAGES[f"{code}_policy" if rule == "policy" else code]
        values = {"limit": _fmt(limit), "actual": _fmt(actual), **extra}
        found.append(RuleViolation(code, field, rule, limit, actual, english.format(**values),
                                   chinese.format(**values)))

    if not _version_in_force(version, on_date):
        add("version_not_in_force", "product", "product", None, None, date=on_date.isoformat())
    if term_months not in version.terms_months:
        allowed = ", ".join(str(t) for t in version.terms_months)
        add("term_not_offered", "term_months", "product", None, Decimal(term_months), allowed=allowed)
    if annual_rate < version.rate_min:
        add("rate_below_min", "annual_rate", "product", version.rate_min, annual_rate)
    if annual_rate > version.rate_max:
        add("rate_above_max", "annual_rate", "product", version.rate_max, annual_rate)
    if down_payment_pct < version.min_down_payment_pct:
        add("down_payment_below_min", "down_payment_pct", "product", version.min_down_payment_pct, down_payment_pct)
    product_ltv = version.ltv_caps.get(vehicle_category)
    if product_ltv is None:
        add("vehicle_category_not_offered", "vehicle_category", "product", None, None)
    elif ltv > Decimal(product_ltv):
        add("ltv_over_product_cap", "ltv", "product", Decimal(product_ltv), ltv)

    in_force = {(cap.kind, cap.scope): cap for cap in caps if cap.in_force(on_date)}
    checks = (
        (CapKind.MAX_TERM_MONTHS.value, "term_months", Decimal(term_months), "term_over_cap"),
        (CapKind.MAX_LTV.value, "ltv", ltv, "ltv_over_cap"),
        (CapKind.MAX_APR.value, "apr" if apr is not None else "annual_rate",
         apr if apr is not None else annual_rate, "apr_over_cap"),
    )
    scopes = cap_scopes(kind, vehicle_category)
    for cap_kind, field, actual, code in checks:
        cap = in_force.get((cap_kind, scopes.get(cap_kind, "")))
        if cap is None or cap.limit is None or actual <= cap.limit:
            continue
        add(code, field, "policy" if cap.institution_set else "regulation", cap.limit, actual)
    return found


def _version_in_force(version: Any, on: date) -> bool:
    if getattr(version, "status", "active") != "active":
        return False
    end = version.effective_to
    return bool(version.effective_from <= on and (end is None or on < end))


def _fmt(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return "" if value is None else str(value)


MESSAGES: dict[str, tuple[str, str]] = {
    "version_not_in_force": ("This product version is not in force on {date}.", "该产品版本在{date}不适用。"),
    "term_not_offered": ("A term of {actual} months is not offered: choose {allowed} months.",
                         "不提供{actual}个月的期限，可选期限：{allowed}个月。"),
    "rate_below_min": ("The annual rate of {actual}% is below the product's minimum of {limit}%.",
                       "年利率{actual}%低于产品下限{limit}%。"),
    "rate_above_max": ("The annual rate of {actual}% is above the product's maximum of {limit}%.",
                       "年利率{actual}%高于产品上限{limit}%。"),
    "down_payment_below_min": ("The down payment of {actual}% is below the product's minimum of {limit}%.",
                               "首付比例{actual}%低于产品最低要求{limit}%。"),
    "vehicle_category_not_offered": ("This product is not offered for this vehicle category.",
                                     "该产品不适用于此车辆类别。"),
    "ltv_over_product_cap": ("The loan-to-value of {actual}% exceeds the product's maximum of {limit}%.",
                             "贷款价值比{actual}%超过产品上限{limit}%。"),
    "term_over_cap": ("The term of {actual} months exceeds the regulatory maximum of {limit} months.",
                      "期限{actual}个月超过监管上限{limit}个月。"),
    "term_over_cap_policy": ("The term of {actual} months exceeds the lender's maximum of {limit} months.",
                             "期限{actual}个月超过本机构上限{limit}个月。"),
    "ltv_over_cap": ("The loan-to-value of {actual}% exceeds the regulatory maximum of {limit}%.",
                     "贷款价值比{actual}%超过监管上限{limit}%。"),
    "ltv_over_cap_policy": ("The loan-to-value of {actual}% exceeds the lender's policy maximum of {limit}%.",
                            "贷款价值比{actual}%超过本机构政策上限{limit}%。"),
    "apr_over_cap": ("The annual percentage rate of {actual}% exceeds the limit of {limit}%.",
                     "年化利率{actual}%超过上限{limit}%。"),
    "apr_over_cap_policy": ("The annual percentage rate of {actual}% exceeds the lender's limit of {limit}%.",
                            "年化利率{actual}%超过本机构上限{limit}%。"),
}
