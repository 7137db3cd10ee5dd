"""End-of-day configuration: the kernel's rule sets from settings, and a loan's penalty terms.

``settings.AUTOLEND_EOD`` (optional dict) overrides the kernel defaults, e.g.::

    AUTOLEND_EOD = {
        "partitions": 8, "chunk": 20000,
        "buckets": [["M0", 0, 0], ["M1", 1, 30], ..., ["M7+", 181, None]],
        "guideline_rates": ["0.01", "0.02", "0.25", "0.50", "1.00"],
        "pd": ["0.02", "0.20", "1.00"], "lgd": ["0.45", "0.45", "0.45"],
        "provision_basis": "larger",  # or "guideline" / "ifrs9"
        "exposure": "due",  # or "gross": also interest accrued for periods not yet due
    }

``AUTOLEND_EOD_PARTITIONS`` and ``AUTOLEND_EOD_CHUNK`` (environment, read by settings) set the
partition count and the chunk size (loan ids per chunk) without a dict.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings

from autolend.kernel.delinquency import (
    DEFAULT_BUCKETS,
    PENALTY_MARKUP,
    Bucket,
    ClassificationRules,
    ExposureBasis,
    PenaltyTerms,
    ProvisionBasis,
    ProvisionPolicy,
    StageRules,
    buckets_check,
)


@dataclass(frozen=True)
class EodPolicy:
    """Everything EOD needs besides the data: partitioning and the delinquency rule sets."""

    partitions: int = 4
    chunk: int = 20_000
    buckets: tuple[Bucket, ...] = DEFAULT_BUCKETS
    classification: ClassificationRules = field(default_factory=ClassificationRules)
    stages: StageRules = field(default_factory=StageRules)
    provision: ProvisionPolicy = field(default_factory=ProvisionPolicy)


def eod_policy() -> EodPolicy:
    """The policy from settings (``AUTOLEND_EOD``, ``AUTOLEND_EOD_PARTITIONS``, ``AUTOLEND_EOD_CHUNK``)."""
    raw: dict[str, Any] = dict(getattr(settings, "AUTOLEND_EOD", None) or {})
    partitions = int(raw.get("partitions", getattr(settings, "AUTOLEND_EOD_PARTITIONS", 4)))
    chunk = int(raw.get("chunk", getattr(settings, "AUTOLEND_EOD_CHUNK", 20_000)))
    if partitions < 1 or chunk < 1:
        raise ValueError("AUTOLEND_EOD: partitions and chunk must be at least 1")
    buckets = DEFAULT_BUCKETS
    if "buckets" in raw:
        buckets = tuple(Bucket(str(n), int(a), None if b is None else int(b)) for n, a, b in raw["buckets"])
        buckets_check(buckets)
    defaults = ProvisionPolicy()
    provision = ProvisionPolicy(
        guideline_rates=_decimals(raw.get("guideline_rates"), defaults.guideline_rates),
        pd=_decimals(raw.get("pd"), defaults.pd),
        lgd=_decimals(raw.get("lgd"), defaults.lgd),
        basis=ProvisionBasis(raw.get("provision_basis", defaults.basis)),
        exposure=ExposureBasis(raw.get("exposure", defaults.exposure)),
    )
    return EodPolicy(partitions=partitions, chunk=chunk, buckets=buckets, provision=provision)


def penalty_terms(terms: Any, annual_rate: Decimal) -> PenaltyTerms:
    """A loan's penalty terms from its frozen ``Loan.terms`` (dict or JSON text).

    The keys and defaults of ``servicing.terms.LoanSetup``: ``penalty_rate`` (percent a year;
    default the contract rate × 1.5), ``penalty_days_in_year`` (default 360) and
    ``compound_interest`` (default false). Read directly, not through ``LoanSetup.from_json``: EOD
    reads the terms of every overdue loan every day, and only these three keys matter here.
    """
    data = _mapping(terms)
    rate = _decimal(data.get("penalty_rate"))
    if rate is None:
        rate = annual_rate * PENALTY_MARKUP
    days = data.get("penalty_days_in_year")
    days_in_year = 360 if days in (None, "") else int(Decimal(str(days)))
    return PenaltyTerms(rate.normalize(), _truthy(data.get("compound_interest", False)), days_in_year)


def _mapping(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return value if isinstance(value, dict) else {}


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"not a decimal number in loan terms: {value!r}") from None


def _decimals(values: Any, default: tuple[Decimal, ...]) -> tuple[Decimal, ...]:
    return default if values is None else tuple(Decimal(str(v)) for v in values)


def _truthy(value: Any) -> bool:
    return value is True or str(value).strip().lower() in {"1", "true", "yes", "on"}
