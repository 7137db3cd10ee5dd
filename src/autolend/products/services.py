"""Writes to the catalogue: products, versions under maker-checker (双人复核), the lender's policy
values of institution-set caps. One transaction and one audit event each; locks are taken in the
order product → its versions → audit head."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from autolend.audit.services import audit_record
from autolend.products.choices import ProductKind, VersionStatus
from autolend.products.errors import ProductError
from autolend.products.models import Product, ProductVersion, RegulatoryCap
from autolend.products.version_settings import settings_clean, settings_of


def _now() -> datetime:
    return timezone.now()  # when a row was recorded (metadata), not a business date


def _snapshot(version: ProductVersion) -> dict[str, Any]:
    return {
        "product": version.product.code, "version": version.version, "status": version.status,
        "effective_from": version.effective_from, "effective_to": version.effective_to,
        "maker_id": version.maker_id, "checker_id": version.checker_id, **settings_of(version),
    }


def product_create(
    *, code: str, kind: str, name_zh: str, name_en: str, description_zh: str = "", description_en: str = "",
    display_order: int = 100, actor: Any = None,
) -> Product:
    """A new product line without versions (submit one next). ``code``: 2-40 letters, digits, - or _."""
    clean = (code or "").strip().upper()
    if not 2 <= len(clean) <= 40 or not all(ch.isalnum() or ch in "-_" for ch in clean):
        raise ProductError("code", "use 2 to 40 letters, digits, '-' or '_'")
    if kind not in ProductKind.values:
        raise ProductError("kind", f"{kind!r} is not one of {', '.join(ProductKind.values)}")
    if not name_zh.strip() or not name_en.strip():
        raise ProductError("name_zh" if not name_zh.strip() else "name_en", "is required")
    if Product.objects.filter(code=clean).exists():
        raise ProductError("code", f"product {clean} already exists")
    with transaction.atomic():
        product = Product.objects.create(
            code=clean, kind=kind, name_zh=name_zh.strip(), name_en=name_en.strip(), description_zh=description_zh,
            description_en=description_en, display_order=display_order, created_at=_now(),
        )
        audit_record("product_create", "product", product.pk, actor=actor,
                     after={"code": clean, "kind": kind, "name_zh": product.name_zh, "name_en": product.name_en})
    return product


def product_version_submit(
    product: Product | str,
    *,
    effective_from: date,
    settings: Mapping[str, Any],
    maker: Any,
    effective_to: date | None = None,
    note: str = "",
) -> ProductVersion:
    """Submit a new version of ``product`` (a Product or its code) for approval.

    ``settings``: the version's settings (``version_settings.DEFAULTS`` names; missing ones take
    the defaults; ``settings_of(current)`` plus changes copies a version). The version is numbered
    next and waits in ``pending_approval`` for a checker who is not ``maker``.
    """
    if not getattr(maker, "pk", None):
        raise ProductError("maker", "a version needs the person who submits it")
    if effective_to is not None and effective_to <= effective_from:
        raise ProductError("effective_to", "must be after effective_from")
    clean = settings_clean(settings)
    code = product.code if isinstance(product, Product) else str(product)
    with transaction.atomic():
        # Locked: two makers submitting at once would otherwise take the same version number.
        locked = Product.objects.select_for_update().filter(code=code).first()
        if locked is None:
            raise ProductError("product", f"no product {code}")
        number = (locked.versions.aggregate(n=Max("version"))["n"] or 0) + 1
        now = _now()
        version = ProductVersion.objects.create(
            product=locked, version=number, effective_from=effective_from, effective_to=effective_to,
            status=VersionStatus.PENDING_APPROVAL, note=note[:200], maker=maker, submitted_at=now, created_at=now,
            **clean,
        )
        audit_record("product_version_submit", "product_version", version.pk, actor=maker, after=_snapshot(version))
    return version


def _lock(version: ProductVersion | int) -> tuple[Product, ProductVersion]:
    """Lock the version's product, then the version (the fixed order), and check it is pending."""
    pk = version.pk if isinstance(version, ProductVersion) else int(version)
    product_id = ProductVersion.objects.filter(pk=pk).values_list("product_id", flat=True).first()
    if product_id is None:
        raise ProductError("version", f"no product version {pk}")
    # Product first: two approvals of one product's versions must not both close the same predecessor.
    product = Product.objects.select_for_update().get(pk=product_id)
    locked = ProductVersion.objects.select_for_update().select_related("product").get(pk=pk)
    if locked.status != VersionStatus.PENDING_APPROVAL:
        raise ProductError("version", f"{locked} is {locked.status}, not pending approval")
    return product, locked


def product_version_approve(version: ProductVersion | int, checker: Any, *, note: str = "") -> ProductVersion:
    """Approve a pending version: it becomes active from its ``effective_from``, and the active
    version in force then is closed on that date (``effective_to``). The maker cannot approve
    their own version; a version cannot start on or before an already active one's start."""
    if not getattr(checker, "pk", None):
        raise ProductError("checker", "an approval needs the person who approves")
    with transaction.atomic():
        product, locked = _lock(version)
        if checker.pk == locked.maker_id:
            raise ProductError("checker", "the maker of a version cannot approve it: another person must (maker-checker)")
        active = list(
            ProductVersion.objects.select_for_update().filter(product=product, status=VersionStatus.ACTIVE).order_by("pk")
        )
        for other in active:
            if other.effective_from >= locked.effective_from:
                raise ProductError(
                    "effective_from",
                    f"version {other.version} is active from {other.effective_from}: a new version must start later",
                )
        closed = []
        for other in active:
            if other.effective_to is None or other.effective_to > locked.effective_from:
                other.effective_to = locked.effective_from
                other.save(update_fields=["effective_to"])
                closed.append({"version": other.version, "effective_to": other.effective_to})
        before = _snapshot(locked)
        locked.status = VersionStatus.ACTIVE
        locked.checker = checker
        locked.approved_at = _now()
        if note:
            locked.note = note[:200]
        locked.save(update_fields=["status", "checker", "approved_at", "note"])
        audit_record("product_version_approve", "product_version", locked.pk, actor=checker, before=before,
                     after={**_snapshot(locked), "closed": closed})
    return locked


def product_version_reject(version: ProductVersion | int, checker: Any, *, reason: str) -> ProductVersion:
    """Send a pending version back to draft with ``reason`` (its maker may do this: withdraw)."""
    if not getattr(checker, "pk", None):
        raise ProductError("checker", "a decision needs the person who makes it")
    if not (reason or "").strip():
        raise ProductError("reason", "say why the version is rejected")
    with transaction.atomic():
        _, locked = _lock(version)
        before = _snapshot(locked)
        locked.status = VersionStatus.DRAFT
        locked.note = reason.strip()[:200]
        locked.save(update_fields=["status", "note"])
        audit_record("product_version_reject", "product_version", locked.pk, actor=checker, before=before,
                     after=_snapshot(locked))
    return locked


def regulatory_cap_policy_set(cap: RegulatoryCap | int, policy_value: Decimal | None, *, actor: Any) -> RegulatoryCap:
    """Set the lender's own limit (percent, or months for terms) used where the regulation leaves
    the cap to the institution (``value`` null); None removes it (no limit)."""
    if policy_value is not None and (not policy_value.is_finite() or policy_value <= 0):
        raise ProductError("policy_value", "must be a positive number, or empty for no limit")
    pk = cap.pk if isinstance(cap, RegulatoryCap) else int(cap)
    with transaction.atomic():
        locked = RegulatoryCap.objects.select_for_update().get(pk=pk)  # a stale "before" in the audit otherwise
        before = {"policy_value": locked.policy_value}
        locked.policy_value = policy_value
        locked.save(update_fields=["policy_value"])
        audit_record("regulatory_cap_policy_set", "regulatory_cap", locked.pk, actor=actor, before=before,
                     after={"kind": locked.kind, "scope": locked.scope, "policy_value": policy_value})
    return locked
