"""New versions of the collection strategy, with maker-checker (策略版本审批).

A person with ``collections.manage`` proposes a version (every bucket × band cell, the SLA days of
every queue, the write-off line) effective from a date on or after the business date; a second
person with the same permission approves it (the proposer cannot) or rejects it. Approval is
refused once the effective date has passed (the end of day of that date may have run with the
old table: propose again). Each step is one audited transaction on the locked strategy row.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction

from autolend.collections.models import CollectionStrategy, StrategyCell, StrategyStatus
from autolend.collections.services._common import CollectionsError
from autolend.collections.strategy import BANDS, QUEUES, STRATEGY_BUCKETS, strategy_errors


def _audit(action: str, row: CollectionStrategy, actor: Any, day: date, **after: Any) -> None:
    from autolend.audit.services import audit_record

    audit_record(f"collections.strategy_{action}", "collection_strategy", row.version, actor=actor, business_date=day,
                 after={"status": row.status, "effective_from": row.effective_from.isoformat(), **after})


def _manager(user: Any, field: str) -> None:
    from autolend.identity.permissions import has_perm

    if not has_perm(user, "collections.manage"):
        raise CollectionsError(field, "needs the collections.manage permission")


def strategy_propose(actor: Any, business_date: date, *, version: str, effective_from: date,
                     table: Mapping[tuple[str, str], str], sla_days: Mapping[str, int], writeoff_after_dpd: int,
                     note: str = "") -> CollectionStrategy:
    """The maker proposes a version; ``table`` maps (bucket, band) → queue, ``sla_days`` queue → days."""
    _manager(actor, "actor")
    label = (version or "").strip()
    if not label or len(label) > 20:
        raise CollectionsError("version", "is required (1 to 20 characters)")
    if effective_from < business_date:
        raise CollectionsError("effective_from", "must not be before the business date")
    try:
        slas = {q: int(sla_days.get(q, 0)) for q in QUEUES}
        line = int(writeoff_after_dpd)
    except (TypeError, ValueError):
        raise CollectionsError("sla_days", "must be whole numbers of days") from None
    errors = strategy_errors(table, slas, line)
    if errors:
        raise CollectionsError(errors[0].split(" ")[0].split(":")[0], errors[0])
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = CollectionStrategy.objects.create(
                    version=label, effective_from=effective_from, sla_days=slas, writeoff_after_dpd=line,
                    note=(note or "")[:200], proposed_by=actor, proposed_on=business_date)
        except IntegrityError:
            raise CollectionsError("version", f"version {label} already exists") from None
        StrategyCell.objects.bulk_create([StrategyCell(strategy=row, bucket=b, band=band, queue=table[(b, band)])
                                          for b in STRATEGY_BUCKETS for band in BANDS])
        _audit("propose", row, actor, business_date, sla_days=slas, writeoff_after_dpd=line,
               cells={f"{b}/{band}": table[(b, band)] for b in STRATEGY_BUCKETS for band in BANDS})
        return row


def _decide(strategy: CollectionStrategy | int, checker: Any, business_date: date) -> CollectionStrategy:
    _manager(checker, "checker")
    pk = strategy.pk if isinstance(strategy, CollectionStrategy) else int(strategy)
    # Lock the version: two checkers deciding at once are serialised, the second sees it decided.
    row = CollectionStrategy.objects.select_for_update().filter(pk=pk).first()
    if row is None:
        raise CollectionsError("strategy", f"no strategy version {pk}")
    if row.status != StrategyStatus.PROPOSED:
        raise CollectionsError("strategy", f"version {row.version} was already decided ({row.status})")
    if row.proposed_by_id is not None and row.proposed_by_id == getattr(checker, "pk", None):
        raise CollectionsError("checker", "the maker of a proposal cannot approve or reject it (maker-checker)")
    row.decided_by, row.decided_on = checker, business_date
    return row


def strategy_approve(strategy: CollectionStrategy | int, checker: Any, business_date: date) -> CollectionStrategy:
    """A second person approves: the version is in force from its effective date."""
    with transaction.atomic():
        row = _decide(strategy, checker, business_date)
        if row.effective_from < business_date:
            raise CollectionsError("effective_from", f"{row.effective_from} has passed: propose the version again")
        row.status = StrategyStatus.ACTIVE
        try:
            with transaction.atomic():
                row.save(update_fields=["status", "decided_by", "decided_on"])
        except IntegrityError:
            raise CollectionsError("effective_from", f"another version is already active from {row.effective_from}") from None
        _audit("approve", row, checker, business_date)
        return row


def strategy_reject(strategy: CollectionStrategy | int, checker: Any, business_date: date, reason: str) -> CollectionStrategy:
    """A second person rejects the proposal (``reason`` required)."""
    why = (reason or "").strip()
    if not why:
        raise CollectionsError("reason", "is required")
    with transaction.atomic():
        row = _decide(strategy, checker, business_date)
        row.status = StrategyStatus.REJECTED
        row.save(update_fields=["status", "decided_by", "decided_on"])
        _audit("reject", row, checker, business_date, reason=why[:200])
        return row
