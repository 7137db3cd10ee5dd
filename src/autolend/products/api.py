"""Catalogue API (mount: ``api.add_router("/", router)``; paths carry their own prefix).

``GET /products/?on=DATE`` the catalogue in force on a date, ``GET /products/{code}?on=DATE`` one
product's version in force with its kernel settings, ``GET /regulatory-caps?on=DATE`` the caps in
force. Public (product terms are advertised). ``on`` defaults to the business date.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from autolend.products.choices import CapKind, CapScope, ProductKind
from autolend.products.kernel_settings import product_kernel_settings
from autolend.products.models import ProductVersion
from autolend.products.selectors import (
    product_catalogue,
    product_version_effective,
    regulatory_caps_in_force,
)
from autolend.products.version_settings import decimal_text

router = Router(tags=["products"])


class OnDate(Schema):
    on: date | None = None


def _on(query: OnDate) -> date:
    if query.on is not None:
        return query.on
    from autolend.servicing.selectors import business_date_current

    return business_date_current() or timezone.localdate()


def _zh() -> bool:
    return (get_language() or "").startswith("zh")


class ProductOut(Schema):
    code: str
    kind: str
    kind_label: str
    name: str  # in the request's language
    name_zh: str
    name_en: str
    description: str
    version: int
    effective_from: date
    effective_to: date | None
    repayment_methods: list[str]
    terms_months: list[int]
    rate_min: str
    rate_max: str
    min_down_payment_pct: str
    fees: list[dict[str, str]]
    fee_treatment: str
    ltv_caps: dict[str, str]
    balloon_max_pct: str | None
    options: dict[str, Any]


class ProductDetailOut(ProductOut):
    schedule: dict[str, Any]
    servicing_rules: dict[str, Any]


def _product_out(version: ProductVersion) -> dict[str, Any]:
    product = version.product
    zh = _zh()
    return {
        "code": product.code, "kind": product.kind, "kind_label": str(ProductKind(product.kind).label),
        "name": product.name_zh if zh else product.name_en, "name_zh": product.name_zh, "name_en": product.name_en,
        "description": product.description_zh if zh else product.description_en,
        "version": version.version, "effective_from": version.effective_from, "effective_to": version.effective_to,
        "repayment_methods": version.repayment_methods, "terms_months": version.terms_months,
        "rate_min": decimal_text(version.rate_min), "rate_max": decimal_text(version.rate_max),
        "min_down_payment_pct": decimal_text(version.min_down_payment_pct), "fees": version.fees,
        "fee_treatment": version.fee_treatment, "ltv_caps": version.ltv_caps,
        "balloon_max_pct": decimal_text(version.balloon_max_pct),
        "options": version.options,
    }


@router.get("/products/", response=list[ProductOut], summary="Product catalogue in force on a date")
def catalogue(request: HttpRequest, query: Query[OnDate]) -> list[dict[str, Any]]:
    return [_product_out(version) for version in product_catalogue(_on(query))]


@router.get("/products/{code}", response=ProductDetailOut, summary="A product's version in force on a date")
def product_detail(request: HttpRequest, code: str, query: Query[OnDate]) -> dict[str, Any]:
    on = _on(query)
    version = product_version_effective(code.upper(), on)
    if version is None:
        raise HttpError(404, f"no version of product {code} is in force on {on.isoformat()}")
    return {**_product_out(version), **product_kernel_settings(version)}


class CapOut(Schema):
    kind: str
    kind_label: str
    scope: str
    scope_label: str
    value: str | None  # null: set by the institution
    policy_value: str | None
    limit: str | None  # what is enforced: value, else the lender's policy value
    institution_set: bool
    effective_from: date
    effective_to: date | None
    source: str


@router.get("/regulatory-caps", response=list[CapOut], summary="Regulatory caps in force on a date")
def regulatory_caps(request: HttpRequest, query: Query[OnDate]) -> list[dict[str, Any]]:
    return [
        {"kind": cap.kind, "kind_label": str(CapKind(cap.kind).label), "scope": cap.scope,
         "scope_label": str(CapScope(cap.scope).label), "value": decimal_text(cap.value),
         "policy_value": decimal_text(cap.policy_value), "limit": decimal_text(cap.limit),
         "institution_set": cap.institution_set,
         "effective_from": cap.effective_from, "effective_to": cap.effective_to, "source": cap.source}
        for cap in regulatory_caps_in_force(_on(query))
    ]
