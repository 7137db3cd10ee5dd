"""Decisioning writes and the engine's entry points.

* ``decide(application, as_of)``: gather the snapshot (bureau pull included), run the engine with
  the champion and the shadow challenger; writes nothing (the caller records it, in its own
  transaction, with ``decision_record_create``).
* ``decision_replay(record)``: recompute a record from its snapshot and model versions; compare.
* ``review_record``: an underwriter's manual decision, with its written reason.
* ``blacklist_add`` / ``blacklist_remove``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from autolend.audit.services import audit_record
from autolend.decisioning.engine.evaluate import DecisionOutput, evaluate
from autolend.decisioning.engine.inputs import DecisionInput
from autolend.decisioning.gather import bureau_pull, decision_input
from autolend.decisioning.model_store import decision_models, model_version
from autolend.decisioning.models import BlacklistEntry, BlacklistKind, DecisionRecord, ManualReview
from autolend.integrations.bureau import CreditBureau
from autolend.rows import rows_insert


@dataclass(frozen=True)
class Decided:
    """A decision not yet recorded: its input, its output and how long it took."""

    input: DecisionInput
    output: DecisionOutput
    duration_ms: float


def decide(application: Any, as_of: date, *, bureau: CreditBureau | None = None,
           consent_checked: bool = False) -> Decided:
    """Run the engine on ``application`` (status submitted) for the business date ``as_of``.
    ``consent_checked``: the caller has just recorded the credit-pull consent (see ``bureau_pull``)."""
    start = time.perf_counter()
    report, note = bureau_pull(application, bureau, consent_checked=consent_checked)
    snapshot = decision_input(application, as_of, report, note)
    champion, challenger = decision_models()
    output = evaluate(snapshot, champion, challenger)
    return Decided(snapshot, output, (time.perf_counter() - start) * 1000)


def decision_record_create(application: Any, decided: Decided) -> DecisionRecord:
    """Store a decision (inside the caller's transaction); the record is never changed after."""
    out, inp = decided.output, decided.input
    champion, challenger = out.champion, out.challenger
    (record,) = rows_insert([DecisionRecord(  # plain INSERT … RETURNING: no statement to compile
        application=application, outcome=out.outcome, as_of=inp.as_of, input_snapshot=inp.to_json(),
        result=out.to_json(), rule_hits=[h.to_json() for h in out.rule_hits], reasons=list(champion.reasons),
        offers=[o.to_json() for o in out.offers], counter_offer=out.counter_offer,
        pd=Decimal(str(champion.pd)), grade=champion.grade, score=Decimal(str(champion.score)),
        model_name=champion.name, model_version=champion.version, model_data_hash=champion.data_hash,
        challenger_name=challenger.name if challenger else "", challenger_version=challenger.version if challenger else "",
        challenger_pd=Decimal(str(challenger.pd)) if challenger else None,
        challenger_grade=challenger.grade if challenger else "",
        policy_version=inp.policy_version, product_code=inp.product.code, product_version=inp.product.version,
        engine_version=out.engine_version, duration_ms=Decimal(f"{decided.duration_ms:.2f}"),
        created_at=timezone.now(),
    )])
    return record


@dataclass(frozen=True)
class ReplayResult:
    matches: bool
    differences: tuple[str, ...]  # "offers[0].annual_rate: '8.42' != '8.43'"
    recomputed: dict[str, Any]


def decision_replay(record: DecisionRecord) -> ReplayResult:
    """Recompute ``record`` from its input snapshot with the model versions it names, and compare
    with what it recorded. A difference means the engine, a library or a model file changed."""
    snapshot = DecisionInput.from_json(record.input_snapshot)
    differences = _diff("input_snapshot", record.input_snapshot, snapshot.to_json())
    champion = model_version(record.model_name, record.model_version)
    challenger = model_version(record.challenger_name, record.challenger_version) \
        if record.challenger_version else None
    recomputed = evaluate(snapshot, champion, challenger).to_json()
    differences += _diff("result", record.result, recomputed)
    return ReplayResult(not differences, tuple(differences), recomputed)


def _diff(path: str, old: Any, new: Any) -> list[str]:
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[str] = []
        for key in sorted(set(old) | set(new)):
            out += _diff(f"{path}.{key}", old.get(key, "<absent>"), new.get(key, "<absent>"))
        return out
    if isinstance(old, list) and isinstance(new, list):
        if len(old) != len(new):
            return [f"{path}: {len(old)} items != {len(new)} items"]
        return [d for i, (a, b) in enumerate(zip(old, new)) for d in _diff(f"{path}[{i}]", a, b)]
    return [] if old == new else [f"{path}: {old!r} != {new!r}"]


def review_record(application: Any, decision: DecisionRecord, *, action: str, reason: str, reviewer: Any,
                  status_before: str, status_after: str, override: bool) -> ManualReview:
    """Record an underwriter's decision (inside the caller's transaction, which audits it)."""
    return ManualReview.objects.create(
        application=application, decision=decision, action=action, reason=reason, reviewer=reviewer,
        status_before=status_before, status_after=status_after, override=override, reviewed_at=timezone.now(),
    )


def blacklist_add(kind: str, value: str, reason: str, *, actor: Any = None) -> BlacklistEntry:
    """Put an identifier on the blacklist (without spaces; resident IDs and VINs in upper case)."""
    kind = BlacklistKind(kind)
    normal = "".join(str(value).split())
    if kind in (BlacklistKind.RESIDENT_ID, BlacklistKind.VIN):
        normal = normal.upper()
    if not normal or not (reason or "").strip():
        raise ValueError("a blacklist entry needs a value and a reason")
    with transaction.atomic():
        entry = BlacklistEntry.objects.create(kind=kind, value=normal, reason=reason.strip()[:200],
                                              added_at=timezone.now(), added_by=actor if getattr(actor, "pk", None) else None)
        audit_record("blacklist_add", "blacklist", entry.pk, actor=actor,
                     after={"kind": kind.value, "value_tail": normal[-4:], "reason": entry.reason})
    return entry


def blacklist_remove(entry: BlacklistEntry, *, actor: Any = None) -> BlacklistEntry:
    with transaction.atomic():
        locked = BlacklistEntry.objects.select_for_update().get(pk=entry.pk)
        if locked.removed_at is None:
            locked.removed_at = timezone.now()
            locked.save(update_fields=["removed_at"])
            audit_record("blacklist_remove", "blacklist", locked.pk, actor=actor, after={"kind": locked.kind})
    return locked
