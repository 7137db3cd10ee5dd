"""The policy rules as data (授信政策), one version in force per date.

``PolicyRules.from_json`` reads a ``PolicyVersion.rules`` document (any key left out takes the
default below) and refuses unknown keys, so a typo in a policy cannot pass silently. Every
number here is a convention of this lender, not law: the regulatory limits (LTV, term, APR) are
never here; they come from ``products`` regulatory caps, effective-dated.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


class PolicyError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class PricingRules:
    """Risk-based pricing: rate = funding + operating + expected loss + margin (+ term premium).

    Percent a year, except ``lgd`` (fraction of the exposure lost at default) and the PD window
    (months the model's PD covers: the expected loss is annualised over it).
    """

    funding_cost_pct: Decimal = Decimal("3.20")
    operating_cost_pct: Decimal = Decimal("1.50")
    margin_pct: Decimal = Decimal("2.00")
    lgd: Decimal = Decimal("0.45")
    pd_window_months: int = 12
    term_premium_pct_per_year: Decimal = Decimal("0.10")  # per year of term beyond the first
    rate_step_pct: Decimal = Decimal("0.01")


@dataclass(frozen=True)
class PolicyRules:
    # applicant (hard: decline)
    min_age: int = 18
    max_age_at_maturity: Decimal = Decimal("65")
    min_bureau_score: int = 450
    max_delinquencies_24m: int = 5
    max_pd: Decimal = Decimal("0.20")  # at or above: decline (grade E)
    fraud_mobile_decline: int = 3  # other identities sharing the mobile
    fraud_device_decline: int = 3  # other identities sharing the device
    # referral (soft: manual review)
    refer_pd: Decimal = Decimal("0.10")  # at or above: refer (grade D)
    refer_delinquencies_24m: int = 3
    refer_inquiries_6m: int = 6
    refer_thin_file: bool = True
    refer_min_employment_years: Decimal = Decimal("0.5")
    refer_dti: Decimal = Decimal("0.55")  # on the requested terms
    fraud_mobile_refer: int = 1
    fraud_device_refer: int = 1
    refer_other_mobiles_same_id: int = 2
    refer_applications_same_id_30d: int = 3
    refer_applications_dealer_day: int = 200
    refer_price_valuation_gap: Decimal = Decimal("0.30")  # |price / valuation − 1|
    # offers (affordability: every offer satisfies these)
    max_pti: Decimal = Decimal("0.40")  # instalment / income
    max_dti: Decimal = Decimal("0.65")  # (existing debt + instalment) / income
    min_amount: Decimal = Decimal("10000")
    amount_step: Decimal = Decimal("100")
    max_offers: int = 3
    extra_down_payment_pct: tuple[Decimal, ...] = (Decimal("10"),)
    balloon_pct: Decimal = Decimal("30")  # of the principal, at most the product's maximum
    offer_validity_days: int = 30
    pricing: PricingRules = field(default_factory=PricingRules)
    # documents asked for (stipulations): always, for used cars, when referred
    stipulations: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: {
        "always": ("id_card", "driving_licence"), "used": ("vehicle_registration",), "refer": ("income_proof",),
    })

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PolicyRules:
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - names)
        if unknown:
            raise PolicyError(unknown[0], "is not a policy rule")
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if f.name not in data:
                continue
            raw = data[f.name]
            if f.name == "pricing":
                values[f.name] = _pricing(raw)
            elif f.name == "stipulations":
                values[f.name] = {str(k): tuple(str(d) for d in v) for k, v in dict(raw).items()}
            elif f.name == "extra_down_payment_pct":
                values[f.name] = tuple(_decimal(f.name, v) for v in raw)
            else:
                values[f.name] = _typed(f.name, raw, getattr(cls, f.name))
        return cls(**values)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, PricingRules):
                value = {k: (str(v) if isinstance(v, Decimal) else v) for k, v in dataclasses.asdict(value).items()}
            elif isinstance(value, Decimal):
                value = str(value)
            elif f.name == "extra_down_payment_pct":
                value = [str(v) for v in value]
            elif f.name == "stipulations":
                value = {k: list(v) for k, v in value.items()}
            out[f.name] = value
        return out


def _pricing(raw: Any) -> PricingRules:
    if not isinstance(raw, Mapping):
        raise PolicyError("pricing", "must be an object")
    names = {f.name for f in dataclasses.fields(PricingRules)}
    unknown = sorted(set(raw) - names)
    if unknown:
        raise PolicyError(f"pricing.{unknown[0]}", "is not a pricing rule")
    return PricingRules(**{k: _typed(f"pricing.{k}", v, getattr(PricingRules, k)) for k, v in raw.items()})


def _typed(name: str, raw: Any, default: Any) -> Any:
    if isinstance(default, bool):
        if not isinstance(raw, bool):
            raise PolicyError(name, "must be true or false")
        return raw
    if isinstance(default, int):
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
            raise PolicyError(name, "must be a whole number of 0 or more")
        return raw
    return _decimal(name, raw)


def _decimal(name: str, raw: Any) -> Decimal:
    try:
        value = Decimal(str(raw))
    except ArithmeticError:
        raise PolicyError(name, f"{raw!r} is not a number") from None
    if isinstance(raw, bool) or not value.is_finite() or value < 0:
        raise PolicyError(name, "must be a number of 0 or more")
    return value
