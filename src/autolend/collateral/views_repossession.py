"""Repossession and remarketing pages (收车与处置): order a car's repossession, then on the order's
page each step of its life — agent assigned, recovered (condition, odometer, storage), costs,
listing, sale, the proceeds applied to the loan (and a held surplus refunded) — each a POST
(CSRF) calling one service. Ordering, recovery and costs need ``repossession.manage``; listing,
sale and settlement ``remarketing.manage`` (finance applies the money)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from autolend.collateral.models import (
    ConditionGrade,
    CostKind,
    ListingChannel,
    ListingStatus,
    RepossessionOrder,
    Vehicle,
)
from autolend.collateral.services import (
    listing_create,
    listing_sell,
    listing_withdraw,
    repossession_assign,
    repossession_cancel,
    repossession_cost_add,
    repossession_order,
    repossession_recover,
    repossession_settle,
    repossession_surplus_refund,
)
from autolend.collateral.views_common import act, day, done, post_int
from autolend.identity.permissions import has_perm, permission_required

Step = Callable[[HttpRequest, RepossessionOrder], Any]


def _live_listing(order: RepossessionOrder) -> int:
    listing = order.listings.filter(status=ListingStatus.LISTED).values_list("pk", flat=True).first()
    return int(listing or 0)


STEPS: dict[str, tuple[str, Step]] = {
    "assign": ("repossession.manage", lambda r, o: repossession_assign(o, r.POST.get("agent_name", ""), day(), r.user)),
    "recover": ("repossession.manage", lambda r, o: repossession_recover(
        o, day(), condition=r.POST.get("condition", ""), mileage_km=post_int(r, "mileage_km"),
        storage_location=r.POST.get("storage_location", ""), actor=r.user)),
    "cost": ("repossession.manage", lambda r, o: repossession_cost_add(
        o, r.POST.get("kind", ""), r.POST.get("amount", ""), day(), r.POST.get("note", ""), r.user)),
    "cancel": ("repossession.manage", lambda r, o: repossession_cancel(o, r.POST.get("reason", ""), day(), r.user)),
    "list": ("remarketing.manage", lambda r, o: listing_create(
        o, r.POST.get("channel", ""), day(), r.POST.get("reserve_price") or None, r.user)),
    "withdraw": ("remarketing.manage", lambda r, o: listing_withdraw(_live_listing(o), day(), r.user)),
    "sell": ("remarketing.manage", lambda r, o: listing_sell(
        _live_listing(o), r.POST.get("sale_price", ""), r.POST.get("buyer_name", ""), day(),
        r.POST.get("sale_reference", ""), r.user)),
    "settle": ("remarketing.manage", lambda r, o: repossession_settle(
        o, day(), r.user, deficiency=r.POST.get("deficiency", "keep"), refund_account=r.POST.get("refund_account", ""))),
    "refund": ("remarketing.manage", lambda r, o: repossession_surplus_refund(o, r.POST.get("account", ""), day(), r.user)),
}


@require_POST
@permission_required("repossession.manage")
def order_create(request: HttpRequest, vehicle_id: int) -> HttpResponse:
    """Order the repossession of a car whose loan is in default; on success, the order's page."""
    car = get_object_or_404(Vehicle, pk=vehicle_id)
    made: dict[str, RepossessionOrder] = {}

    def order() -> None:
        made["order"] = repossession_order(car, day(), request.POST.get("reason", ""), request.user)

    response = act(request, order, pgettext("collateral", "Repossession ordered."),
                   reverse("collateral:vehicle", args=[car.pk]))
    if "order" in made:
        return HttpResponseRedirect(reverse("collateral:repossession", args=[made["order"].pk]))
    return response


@permission_required("collateral.view")
def order_page(request: HttpRequest, order_id: int) -> HttpResponse:
    """One order: the car, its recovery, costs, listings, the settlement and the steps allowed now."""
    order = get_object_or_404(RepossessionOrder.objects.select_related("loan", "vehicle", "pledge"), pk=order_id)
    user = request.user
    return render(request, "collateral/repossession.html", {
        "order": order, "costs": order.cost_items.order_by("pk"), "listings": order.listings.order_by("pk"),
        "live_listing": _live_listing(order), "conditions": ConditionGrade.choices, "cost_kinds": CostKind.choices,
        "channels": ListingChannel.choices, "as_of": day(),
        "can_repossess": has_perm(user, "repossession.manage"), "can_remarket": has_perm(user, "remarketing.manage")})


@require_POST
@permission_required("collateral.view")
def order_action(request: HttpRequest, order_id: int, action: str) -> HttpResponse:
    """One step of the order (see ``STEPS``), behind the step's own permission."""
    order = get_object_or_404(RepossessionOrder, pk=order_id)
    if action not in STEPS:
        return HttpResponse(status=404)
    permission, step = STEPS[action]
    if not has_perm(request.user, permission):
        raise PermissionDenied(permission)
    return act(request, lambda: step(request, order), done(), reverse("collateral:repossession", args=[order.pk]))
