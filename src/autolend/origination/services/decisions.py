"""Recording the engine's decision on a submitted application (风险评估 → 信贷审批 proposal).

``application_decide`` runs ``decisioning.services.decide`` **outside** any transaction (bureau
call, models, pricing: the slow part, holding no lock), then records it in one short
transaction: move the status if the application is still submitted (one conditional UPDATE,
which locks the row), write the decision record, its offers (one insert) and the stipulations
the policy asks for (one insert), and audit the move (one append).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from autolend.audit.services import AuditItem, audit_append
from autolend.decisioning.engine.quoting import Offer as OfferTerms
from autolend.decisioning.engine.rules import PolicyRules
from autolend.decisioning.models import DecisionRecord
from autolend.decisioning.services import decide, decision_record_create
from autolend.integrations.bureau import CreditBureau
from autolend.origination.models import Application, ApplicationStatus, Offer, Stipulation
from autolend.origination.services._common import actor_or_none, now
from autolend.origination.states import move, refuse
from autolend.rows import row_update_where, rows_insert

S = ApplicationStatus
STATUS_OF = {"approve": S.APPROVED, "refer": S.REFERRED, "decline": S.DECLINED}


@dataclass(frozen=True)
class JustDecided:
    """What ``application_decide`` wrote, kept on the returned application (``just_decided``) so
    the answer to the request is built without reading it back."""

    decision: DecisionRecord
    offers: list[Offer]
    stipulations: list[Stipulation]


def application_decide(application: Application, *, as_of: date, actor: Any = None,
                       bureau: CreditBureau | None = None, loaded: bool = False,
                       consent_checked: bool = False) -> Application:
    """Decide a submitted application on the business date ``as_of`` and record the decision.
    ``loaded``: ``application`` was just read with its borrower and product version (as
    ``_common.locked`` reads it), so it is not read again. ``consent_checked``: the caller
    recorded the credit-pull consent in this request (the intake), so it is not looked up."""
    app = application if loaded else Application.objects.select_related(
        "borrower", "product_version__product").get(pk=application.pk)
    if app.status != S.SUBMITTED:
        raise refuse(app, S.APPROVED)
    decided = decide(app, as_of, bureau=bureau, consent_checked=consent_checked)
    out = decided.output
    rules = PolicyRules.from_json(decided.input.policy)
    status = STATUS_OF[out.outcome]
    expires = as_of + timedelta(days=rules.offer_validity_days) if out.offers else None
    stamp = now()
    with transaction.atomic():
        # The conditional update locks the application row first (lock order) and is the check:
        # decided or withdrawn while the engine ran → no row, refused.
        if not row_update_where(Application, {"id": app.pk, "status": S.SUBMITTED}, {
                "status": status, "outcome": out.outcome, "decided_on": as_of, "expires_on": expires,
                "updated_at": stamp}):
            raise refuse(Application.objects.get(pk=app.pk), status)
        record = decision_record_create(app, decided)
        offers = offers_create(app, record, out.offers, first=True)
        stipulations = stipulations_from_policy(app, rules, out.stipulation_keys, actor, first=True) \
            if out.outcome != "decline" else []
        app.outcome, app.decided_on, app.expires_on, app.updated_at = out.outcome, as_of, expires, stamp
        items: list[AuditItem] = []
        move(app, status, actor=actor, business_date=as_of, audit=items, decision_id=record.pk,
             grade=record.grade, pd=str(record.pd), offers=len(out.offers), counter_offer=out.counter_offer,
             model=f"{record.model_name} v{record.model_version}", policy_version=record.policy_version)
        audit_append(items, actor=actor)
    app.just_decided = JustDecided(record, offers, stipulations)  # type: ignore[attr-defined]
    return app


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
    return rows_insert(rows)  # one pipelined INSERT … RETURNING per offer on PostgreSQL


def stipulations_from_policy(app: Application, rules: PolicyRules, keys: tuple[str, ...], actor: Any,
                             *, first: bool = False) -> list[Stipulation]:
    """Request the documents the policy asks for (once per type and application; ``first``: the
    application has none yet)."""
    wanted: list[str] = []
    for key in keys:
        wanted += [doc for doc in rules.stipulations.get(key, ()) if doc not in wanted]
    present = set() if first else set(app.stipulations.values_list("doc_type", flat=True))
    stamp = now()
    return rows_insert([
        Stipulation(application=app, doc_type=doc, requested_by=actor_or_none(actor), requested_at=stamp,
                    note="policy")
        for doc in wanted if doc not in present
    ])
