"""Risk-based pricing (风险定价), pure.

    rate = funding cost + operating cost + expected loss + margin + term premium

Expected loss a year = PD × LGD × 12 / PD window (months): the model's PD covers its window
(12 months by default), so it is annualised over it. Rates are percent a year, rounded **up** to
``rate_step_pct`` (never priced below cost by rounding), then held within the product's range.
The APR cap is applied per offer by ``offers`` (it depends on the fees and the amount).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from autolend.decisioning.engine.rules import PricingRules


@dataclass(frozen=True)
class RatePrice:
    rate: Decimal  # the rate offered, percent a year, within the product's range
    risk_rate: Decimal  # what the risk and costs call for, before the product's range
    expected_loss_pct: Decimal
    shortfall: bool  # the product's maximum is below the risk-based rate

    def to_json(self) -> dict[str, str | bool]:
        return {"rate": str(self.rate), "risk_rate": str(self.risk_rate),
                "expected_loss_pct": str(self.expected_loss_pct), "shortfall": self.shortfall}


def expected_loss_pct(pd: float, rules: PricingRules) -> Decimal:
    """PD × LGD annualised over the PD window, percent a year (4 places)."""
    annual = Decimal(str(round(pd, 6))) * rules.lgd * Decimal(12) / Decimal(rules.pd_window_months)
    return (annual * 100).quantize(Decimal("0.0001"))


def risk_rate(pd: float, term_months: int, rules: PricingRules, rate_min: Decimal, rate_max: Decimal) -> RatePrice:
    """The rate for a loan of ``term_months`` to an applicant with this PD, within [rate_min, rate_max]."""
    el = expected_loss_pct(pd, rules)
    premium = rules.term_premium_pct_per_year * max(Decimal(term_months) / 12 - 1, Decimal(0))
    raw = rules.funding_cost_pct + rules.operating_cost_pct + el + rules.margin_pct + premium
    step = rules.rate_step_pct
    wanted = (raw / step).to_integral_value(rounding=ROUND_CEILING) * step
    rate = min(max(wanted, rate_min), rate_max)
    return RatePrice(rate.quantize(Decimal("0.01")), wanted.quantize(Decimal("0.01")), el, wanted > rate_max)
