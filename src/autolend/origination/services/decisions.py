"""Recording the engine's decision on a submitted application (风险评估 → 信贷审批 proposal).

``application_decide`` runs ``decisioning.services.decide`` **outside** any transaction (bureau
call, models, pricing: the slow part, holding no lock), then records it in one short
transaction: lock the application, check it is still submitted, write the decision record, its
offers and the stipulations the policy asks for, and move the status (audited).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction

from autolend.decisioning.engine.quoting import Offer as OfferTerms
from autolend.decisioning.engine.rules import PolicyRules
from autolend.decisioning.models import DecisionRecord
from autolend.decisioning.services import decide, decision_record_create
from autolend.integrations.bureau import CreditBureau
from autolend.origination.models import Application, ApplicationStatus, Offer, Stipulation
from autolend.origination.services._common import actor_or_none, locked, now
from autolend.origination.states import move, refuse

S = ApplicationStatus
STATUS_OF = {"approve": S.APPROVED, "refer": S.REFERRED, "decline": S.DECLINED}


def application_decide(application: Application, *, as_of: date, actor: Any = None,
                       bureau: CreditBureau | None = None, loaded: bool = False) -> Application:
    """Decide a submitted application on the business date ``as_of`` and record the decision.
    ``loaded``: ``application`` was just read with its borrower and product version (as
    ``_common.locked`` reads it), so it is not read again."""
    app = application if loaded else Application.objects.select_related(
        "borrower", "product_version__product").get(pk=application.pk)
    if app.status != S.SUBMITTED:
        raise refuse(app, S.APPROVED)
    decided = decide(app, as_of, bureau=bureau)
    out = decided.output
    rules = PolicyRules.from_json(decided.input.policy)
    with transaction.atomic():
        current = locked(app, related=False)
        if current.status != S.SUBMITTED:  # decided or withdrawn while the engine ran
            raise refuse(current, STATUS_OF[out.outcome])
        record = decision_record_create(current, decided)
        offers_create(current, record, out.offers, first=True)
        if out.outcome != "decline":
            stipulations_from_policy(current, rules, out.stipulation_keys, actor, first=True)
        current.outcome = out.outcome
        current.decided_on = as_of
        current.expires_on = as_of + timedelta(days=rules.offer_validity_days) if out.offers else None
        current.updated_at = now()
        move(current, STATUS_OF[out.outcome], actor=actor, business_date=as_of, decision_id=record.pk,
             grade=record.grade, pd=str(record.pd), offers=len(out.offers), counter_offer=out.counter_offer,
             model=f"{record.model_name} v{record.model_version}", policy_version=record.policy_version)
        current.save(update_fields=["status", "outcome", "decided_on", "expires_on", "updated_at"])
    return current


def offers_create(app: Application, record: DecisionRecord, offers: tuple[OfferTerms, ...] | list[OfferTerms],
                  *, first: bool = False) -> list[Offer]:
    """Offer rows of ``record``; earlier decisions' open offers are closed (``first``: there are
    none: the application's first decision)."""
    if not first:
        app.offers.filter(is_active=True, accepted_at__isnull=True).update(is_active=False)
    rows = [
        Offer(application=app, decision=record, rank=rank, label=o.label, term_months=o.term_months, amount=o.amount,
              down_payment=o.down_payment, annual_rate=o.annual_rate, method=o.method, balloon=o.balloon,
              instalment=o.instalment, fee_upfront=o.fee_upfront, fee_per_installment=o.fee_per_installment,
              total_interest=o.total_interest, total_fees=o.total_fees, total_cost=o.total_cost,
              total_repayment=o.total_repayment, apr_simple=o.apr_simple, apr_compound=o.apr_compound, ltv=o.ltv)
        for rank, o in enumerate(offers, start=1)
    ]
    return Offer.objects.bulk_create(rows)


def stipulations_from_policy(app: Application, rules: PolicyRules, keys: tuple[str, ...], actor: Any,
                             *, first: bool = False) -> None:
    """Request the documents the policy asks for (once per type and application; ``first``: the
    application has none yet)."""
    wanted: list[str] = []
    for key in keys:
        wanted += [doc for doc in rules.stipulations.get(key, ()) if doc not in wanted]
    present = set() if first else set(app.stipulations.values_list("doc_type", flat=True))
    stamp = now()
    Stipulation.objects.bulk_create([
        Stipulation(application=app, doc_type=doc, requested_by=actor_or_none(actor), requested_at=stamp,
                    note="policy")
        for doc in wanted if doc not in present
    ])
