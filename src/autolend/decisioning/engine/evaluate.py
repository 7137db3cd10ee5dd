"""The decision (风险评估 → 信贷审批 proposal) of one application: a pure function of its input
snapshot and two model versions.

    evaluate(snapshot, champion, challenger) → DecisionOutput

1. features (``scoring.application_row``) and the champion's PD, grade and reasons; the
   challenger is scored in shadow (recorded, never decides);
2. policy rules (``policy``): applicant rules, the model's PD limits, the requested terms;
3. offers (``offers``): risk-based price per term within the product's range, up to three offers
   within LTV, affordability and the APR cap;
4. outcome: any applicant-scope hard rule → ``decline``; no offer → ``decline`` (rule
   ``no_offer``); any soft rule → ``refer`` (manual review); else ``approve``. The requested
   terms breaking a hard rule only make the offers counter-offers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from autolend.decisioning.engine.inputs import DecisionInput
from autolend.decisioning.engine.offers import offer_limits, offers_build
from autolend.decisioning.engine.policy import (
    RuleHit,
    applicant_rules,
    hit,
    model_rules,
    request_rules,
)
from autolend.decisioning.engine.quoting import Offer, balloon_of, request_ratios
from autolend.decisioning.engine.rules import PolicyRules
from autolend.decisioning.engine.scoring import ModelScore, VersionedModel, application_row

ENGINE_VERSION = "decision-engine-1"
APPROVE, REFER, DECLINE = "approve", "refer", "decline"


@dataclass(frozen=True)
class DecisionOutput:
    outcome: str
    features: dict[str, Any]
    rule_hits: tuple[RuleHit, ...]
    champion: ModelScore
    challenger: ModelScore | None
    pricing: dict[str, Any]
    offers: tuple[Offer, ...]
    counter_offer: bool
    engine_version: str = ENGINE_VERSION

    def to_json(self) -> dict[str, Any]:
        """The comparable result: what ``decision_replay`` recomputes and compares."""
        return {
            "outcome": self.outcome,
            "features": self.features,
            "rule_hits": [h.to_json() for h in self.rule_hits],
            "champion": self.champion.to_json(),
            "challenger": None if self.challenger is None else self.challenger.to_json(),
            "pricing": self.pricing,
            "offers": [o.to_json() for o in self.offers],
            "counter_offer": self.counter_offer,
            "engine_version": self.engine_version,
        }

    @property
    def stipulation_keys(self) -> tuple[str, ...]:
        """Which ``PolicyRules.stipulations`` lists apply: always, used (car), refer."""
        keys = ["always"]
        if self.features.get("vehicle_condition") == "used":
            keys.append("used")
        if self.outcome == REFER:
            keys.append("refer")
        return tuple(keys)


def evaluate(inp: DecisionInput, champion: VersionedModel, challenger: VersionedModel | None = None) -> DecisionOutput:
    """Decide one application from its snapshot (see the module docstring)."""
    rules = PolicyRules.from_json(inp.policy)
    row = application_row(inp)
    score = champion.score(row)
    row.update(request_ratios(inp, balloon_of(inp.product, inp.request.amount, rules.balloon_pct)))
    shadow = challenger.score(row) if challenger is not None else None
    hits = applicant_rules(inp, row, rules) + model_rules(score.pd, score.grade, rules) + request_rules(inp, rules)
    limits = offer_limits(inp, rules)
    pricing: dict[str, Any] = {"limits": limits.to_json(), "terms": {}}
    offers: list[Offer] = []
    if not any(h.kind == "hard" and h.scope == "applicant" for h in hits):
        offers, prices = offers_build(inp, rules, score.pd)
        pricing["terms"] = {str(t): p.to_json() for t, p in prices.items()}
        if not offers:
            hits.append(hit("no_offer", "hard", "policy", "amount"))
        elif any(prices[o.term_months].shortfall for o in offers):
            hits.append(hit("pricing_shortfall", "soft", "policy", ""))
    if any(h.kind == "hard" and h.scope == "applicant" for h in hits):
        outcome, offers = DECLINE, []
    elif any(h.kind == "soft" for h in hits):
        outcome = REFER
    else:
        outcome = APPROVE
    counter = bool(offers) and not any(o.label == "requested" for o in offers)
    return DecisionOutput(outcome, row, tuple(hits), score, shadow, pricing, tuple(offers), counter)
