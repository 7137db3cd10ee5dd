"""Product and pricing configuration pages (under ``/backoffice/products/``): the catalogue, a
product's versions with their effective dates, a new version proposed by a maker and activated
by a checker who is another person (``products.services`` enforce it; these pages call them).

Viewing needs ``backoffice.view``; proposing ``product.edit``; approving or rejecting
``product.approve``. A refused action re-renders the product with the reason: 403 when the maker
tries to approve their own version, 409 when the version's state or dates do not allow it, 422
for bad input; nothing is written then.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from autolend.identity.permissions import has_perm, permission_required
from autolend.products.choices import VehicleCategory, VersionStatus
from autolend.products.errors import ProductError
from autolend.products.models import Product, ProductVersion
from autolend.products.selectors import product_catalogue, product_versions
from autolend.products.services import (
    product_version_approve,
    product_version_reject,
    product_version_submit,
)
from autolend.products.version_settings import DEFAULTS, settings_of
from autolend.products.views_forms import RejectForm, VersionForm


def _today() -> Any:
    from autolend.servicing.selectors import business_date_current

    return business_date_current() or timezone.localdate()


@permission_required("backoffice.view")
def product_list(request: HttpRequest) -> HttpResponse:
    day = _today()
    in_force = {v.product_id: v for v in product_catalogue(day)}
    pending = set(ProductVersion.objects.filter(status=VersionStatus.PENDING_APPROVAL)
                  .values_list("product_id", flat=True))
    rows = [(p, in_force.get(p.pk), p.pk in pending) for p in Product.objects.order_by("display_order", "code")]
    return render(request, "products/list.html", {"rows": rows, "day": day})


def _base(versions: list[ProductVersion]) -> dict[str, Any]:
    """The settings a new version starts from: the newest active version's, else the newest's."""
    active = [v for v in versions if v.status == VersionStatus.ACTIVE]
    source = (active or versions)[-1:]
    return settings_of(source[0]) if source else dict(DEFAULTS)


@permission_required("backoffice.view")
def product_page(request: HttpRequest, code: str, *, form: VersionForm | None = None, error: str = "",
                 status: int = 200) -> HttpResponse:
    product = Product.objects.filter(code=code.upper()).first()
    if product is None:
        raise Http404
    versions = product_versions(product.code)
    return render(request, "products/detail.html", {
        "product": product, "day": _today(), "error": error,
        "versions": [(v, [(VehicleCategory(c).label, cap) for c, cap in (v.ltv_caps or {}).items()
                          if c in VehicleCategory.values]) for v in versions[::-1]],
        "form": form or VersionForm(initial=VersionForm.initial_from(_base(versions))),
        "can_edit": has_perm(request.user, "product.edit"), "can_approve": has_perm(request.user, "product.approve"),
        "reject_form": RejectForm(),
    }, status=status)


@require_POST
@permission_required("product.edit")
def version_submit(request: HttpRequest, code: str) -> HttpResponse:
    product = Product.objects.filter(code=code.upper()).first()
    if product is None:
        raise Http404
    form = VersionForm(request.POST)
    if not form.is_valid():
        return product_page(request, code, form=form, status=422)
    try:
        version = product_version_submit(product, effective_from=form.cleaned_data["effective_from"],
                                         settings=form.settings_from(_base(product_versions(product.code))),
                                         maker=request.user, note=form.cleaned_data["note"])
    except ProductError as exc:
        message = pgettext("products", "The version was refused (%(field)s): %(reason)s") % {
            "field": exc.field, "reason": exc.message}
        return product_page(request, code, form=form, error=message, status=422)
    messages.success(request, pgettext("products", "Version %(n)s was submitted: another person must approve it.")
                     % {"n": version.version})
    return redirect("products:detail", code=product.code)


def _decide(request: HttpRequest, pk: int, approve: bool) -> HttpResponse:
    version = ProductVersion.objects.select_related("product").filter(pk=pk).first()
    if version is None:
        raise Http404
    code = version.product.code
    try:
        if approve:
            product_version_approve(version, request.user)
        else:
            form = RejectForm(request.POST)
            if not form.is_valid():
                return product_page(request, code, error=pgettext("products", "Write why the version is rejected."),
                                    status=422)
            product_version_reject(version, request.user, reason=form.cleaned_data["reason"])
    except ProductError as exc:
        return product_page(request, code, error=_refusal(exc), status=_STATUS.get(exc.field, 409))
    done = pgettext("products", "Version %(n)s is active.") if approve else \
        pgettext("products", "Version %(n)s was sent back to draft.")
    messages.success(request, done % {"n": version.version})
    return redirect("products:detail", code=code)


_STATUS = {"checker": 403, "version": 409, "effective_from": 409}


def _refusal(exc: ProductError) -> str:
    if exc.field == "checker":
        return pgettext("products", "You made this version: another person must approve it (maker-checker).")
    if exc.field == "version":
        return pgettext("products", "This version is no longer waiting for approval.")
    if exc.field == "effective_from":
        return pgettext("products", "A version already active starts on or after this one's date: "
                                    "propose a later effective date.")
    return pgettext("products", "The version was refused (%(field)s): %(reason)s") % {
        "field": exc.field, "reason": exc.message}


@require_POST
@permission_required("product.approve")
def version_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, approve=True)


@require_POST
@permission_required("product.approve")
def version_reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, approve=False)
