"""A product version as the kernel and servicing read it (pure: attribute reads, no queries
beyond ``version.product``).

* ``schedule_settings(version)``: the loan-independent schedule settings under the names of
  ``kernel.quote.terms_from_request`` (``method``, ``every``, ``unit``, ``days_in_year``,
  ``days_in_month``, ``interest_per``, ``rounding``, ``decimals``, ``multiples_of``).
* ``servicing_rules(version)``: the servicing rules under the names of ``servicing.terms.LoanSetup``
  (``fee_treatment``, ``penalty_days_in_year``, ``compound_interest``, ``allocation_order``,
  ``allocation_strategy``, ``prepayment_mode``, ``payoff_current_interest``,
  ``settlement_fee_bands``, ``settlement_fee_minimum``, ``product_code``, ``product_version``), plus
  ``penalty_markup_pct`` (percent over the contract rate), which ``loan_setup_json`` turns into
  ``LoanSetup.penalty_rate`` once the loan's rate is known.
* ``loan_setup_json(version, principal=..., annual_rate=..., installments=...)``: one loan's
  complete ``LoanSetup.from_json`` input (fees resolved to yuan, penalty rate resolved).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Any

from autolend.products.choices import FeeCharge
from autolend.products.errors import ProductError
from autolend.products.version_settings import decimal_text

RATE_QUANTUM = Decimal("0.0001")


def schedule_settings(version: Any) -> dict[str, Any]:
    """Schedule settings of ``terms_from_request``; ``method`` is the product's default (first)."""
    out: dict[str, Any] = {
        "method": version.repayment_methods[0],
        "every": 1,
        "unit": "months",
        "days_in_year": version.days_in_year,
        "days_in_month": version.days_in_month,
        "interest_per": version.interest_per,
        "rounding": version.rounding,
        "decimals": version.decimals,
    }
    if version.multiples_of is not None:
        out["multiples_of"] = str(version.multiples_of)
    return out


def servicing_rules(version: Any) -> dict[str, Any]:
    """The servicing rules (``LoanSetup`` names) and ``penalty_markup_pct``; plain JSON."""
    return {
        "fee_treatment": version.fee_treatment,
        "penalty_markup_pct": decimal_text(version.penalty_markup_pct),
        "penalty_days_in_year": version.penalty_days_in_year,
        "compound_interest": version.compound_interest,
        "allocation_order": list(version.allocation_order),
        "allocation_strategy": version.allocation_strategy,
        "prepayment_mode": version.prepayment_mode,
        "payoff_current_interest": version.payoff_current_interest,
        "settlement_fee_bands": [[up_to, str(percent)] for up_to, percent in version.settlement_fee_bands],
        "settlement_fee_minimum": str(version.settlement_fee_minimum),
        "product_code": version.product.code,
        "product_version": str(version.version),
    }


def product_kernel_settings(version: Any) -> dict[str, Any]:
    """``{"schedule": schedule_settings(...), "servicing_rules": servicing_rules(...)}``."""
    return {"schedule": schedule_settings(version), "servicing_rules": servicing_rules(version)}


def fee_amounts(version: Any, principal: Decimal) -> tuple[Decimal, Decimal]:
    """(upfront, per instalment) fees in yuan for a loan of ``principal``: each fee's fixed
    ``amount`` plus ``percent`` of the principal, rounded with the product's rule."""
    quantum = Decimal(1).scaleb(-int(version.decimals))
    mode = ROUND_HALF_EVEN if version.rounding == "half-even" else ROUND_HALF_UP
    totals = {FeeCharge.UPFRONT.value: Decimal(0), FeeCharge.PER_INSTALLMENT.value: Decimal(0)}
    for fee in version.fees:
        amount = Decimal(fee["amount"]) + principal * Decimal(fee["percent"]) / 100
        totals[fee["charge"]] += amount.quantize(quantum, mode)
    return totals[FeeCharge.UPFRONT.value], totals[FeeCharge.PER_INSTALLMENT.value]


def loan_setup_json(
    version: Any,
    *,
    principal: Decimal,
    annual_rate: Decimal,
    installments: int,
    method: str | None = None,
    balloon: Decimal | None = None,
    first_due: date | None = None,
) -> dict[str, Any]:
    """One loan's settings, exactly the keys ``servicing.terms.LoanSetup.from_json`` reads.

    ``method`` defaults to the product's first; it must be one the product offers. ``balloon``
    (yuan) is required for the balloon method and at most ``balloon_max_pct`` of the principal.
    Terms, rate range and caps are not checked here: that is ``rules.product_terms_check``.
    """
    chosen = method or version.repayment_methods[0]
    if chosen not in version.repayment_methods:
        raise ProductError("method", f"{chosen!r} is not offered by {version.product.code}")
    out = {**schedule_settings(version), "method": chosen}
    if chosen == "balloon":
        if balloon is None or balloon <= 0:
            raise ProductError("balloon", "is required for the balloon method")
        if balloon > principal * version.balloon_max_pct / 100:
            raise ProductError("balloon", f"must be at most {version.balloon_max_pct}% of the principal")
        out["balloon"] = str(balloon)
    upfront, per_installment = fee_amounts(version, principal)
    rules = servicing_rules(version)
    markup = Decimal(rules.pop("penalty_markup_pct"))
    out.update(rules)
    out.update({
        "principal": str(principal),
        "annual_rate": str(annual_rate),
        "installments": installments,
        "fee_upfront": str(upfront),
        "fee_per_installment": str(per_installment),
        "penalty_rate": str((annual_rate * (1 + markup / 100)).quantize(RATE_QUANTUM)),
    })
    if first_due is not None:
        out["first_due"] = first_due.isoformat()
    return out
