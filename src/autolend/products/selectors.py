"""Reading the catalogue and the caps on a date. Every read takes the date: nothing here assumes
"today", so a decision made on a business date can be reproduced later from the same rows."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from autolend.products.choices import VersionStatus
from autolend.products.models import ProductVersion, RegulatoryCap
from autolend.products.rules import CapInForce
from autolend.refcache import refcache_get


def _in_force(on_date: date) -> Q:
    return Q(effective_from__lte=on_date) & (Q(effective_to__isnull=True) | Q(effective_to__gt=on_date))


def product_version_effective(code: str, on_date: date) -> ProductVersion | None:
    """The approved version of product ``code`` in force on ``on_date``; None if there is none.
    (Cached per process outside transactions: ``autolend.refcache``; read it, never change it.)"""
    return refcache_get(("product_version", code, on_date), lambda: (
        ProductVersion.objects.select_related("product")
        .filter(_in_force(on_date), product__code=code, status=VersionStatus.ACTIVE)
        .order_by("-effective_from", "-version")
        .first()
    ))


def product_catalogue(on_date: date) -> list[ProductVersion]:
    """One version per product: those in force on ``on_date``, in display order."""
    versions = (
        ProductVersion.objects.select_related("product")
        .filter(_in_force(on_date), status=VersionStatus.ACTIVE)
        .order_by("product__display_order", "product__code", "-effective_from", "-version")
    )
    seen: set[int] = set()
    catalogue = []
    for version in versions:
        if version.product_id not in seen:
            seen.add(version.product_id)
            catalogue.append(version)
    return catalogue


def product_versions(code: str) -> list[ProductVersion]:
    """Every version of product ``code`` (any status), oldest first."""
    return list(ProductVersion.objects.select_related("product").filter(product__code=code).order_by("version"))


def _value(cap: RegulatoryCap) -> CapInForce:
    return CapInForce(cap.kind, cap.scope, cap.value, cap.policy_value, cap.effective_from, cap.effective_to,
                      cap.source)


def regulatory_cap(kind: str, scope: str, on_date: date) -> CapInForce | None:
    """The cap of ``kind`` (max_term_months / max_ltv / max_apr) for ``scope`` in force on
    ``on_date``, or None when no rule applied then. Its ``limit`` is the number to enforce."""
    row = (
        RegulatoryCap.objects.filter(_in_force(on_date), kind=kind, scope=scope)
        .order_by("-effective_from")
        .first()
    )
    return _value(row) if row is not None else None


def regulatory_caps_in_force(on_date: date) -> list[CapInForce]:
    """Every cap in force on ``on_date`` (the ``caps`` argument of ``product_terms_check``;
    cached per process outside transactions: ``autolend.refcache``)."""
    return list(refcache_get(("regulatory_caps", on_date), lambda: tuple(_caps_in_force(on_date))))


def _caps_in_force(on_date: date) -> list[CapInForce]:
    rows = RegulatoryCap.objects.filter(_in_force(on_date)).order_by("kind", "scope", "-effective_from")
    latest: dict[tuple[str, str], CapInForce] = {}
    for row in rows:
        latest.setdefault((row.kind, row.scope), _value(row))
    return list(latest.values())
