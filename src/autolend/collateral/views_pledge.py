"""Pledge custody pages (质押保管): the intake inspection (photos, odometer, condition, storage
location, items taken in), a pledge's file (custody log, photos, storage fees) and its steps:
hand-overs in and out, storage fees collected or waived, release on payoff, disposal on default.
Every step is a POST (CSRF) behind ``pledge.manage`` calling one ``services.pledge`` function."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from autolend.collateral.models import (
    ConditionGrade,
    CustodyDirection,
    CustodyItem,
    Pledge,
    PledgeStatus,
    Vehicle,
)
from autolend.collateral.services.pledge import (
    custody_record,
    held_items,
    pledge_dispose,
    pledge_intake,
    pledge_release,
    storage_fee_collect,
    storage_fee_due,
)
from autolend.collateral.views_common import act, day, done, post_int, uploads
from autolend.identity.permissions import has_perm, permission_required


@permission_required("collateral.view")
def pledge(request: HttpRequest, pledge_id: int) -> HttpResponse:
    """One pledge: inspection, custody log, photos, storage fees, and the steps allowed now."""
    row = get_object_or_404(Pledge.objects.select_related("vehicle", "loan"), pk=pledge_id)
    as_of = day()
    return render(request, "collateral/pledge.html", {
        "pledge": row, "as_of": as_of, "fee_due": storage_fee_due(row, as_of), "held": sorted(held_items(row.vehicle_id)),
        "log": row.custody_log.select_related("by").order_by("pk"), "photos": row.documents.order_by("pk"),
        "payments": row.fee_payments.order_by("pk"), "items": CustodyItem.choices, "directions": CustodyDirection.choices,
        "can_manage": has_perm(request.user, "pledge.manage") and row.status == PledgeStatus.IN_CUSTODY})


@permission_required("pledge.manage")
def intake(request: HttpRequest, vehicle_id: int) -> HttpResponse:
    """GET: the inspection form for a car; POST (multipart, CSRF): take it into custody."""
    car = get_object_or_404(Vehicle, pk=vehicle_id)
    if request.method != "POST":
        return render(request, "collateral/pledge_intake.html", {
            "car": car, "conditions": ConditionGrade.choices, "items": CustodyItem.choices, "as_of": day()})
    made: dict[str, Any] = {}

    def take_in() -> None:
        made["pledge"] = pledge_intake(
            car, day(), location=request.POST.get("location", ""), mileage_km=post_int(request, "mileage_km"),
            condition=request.POST.get("condition", ""), photos=uploads(request),
            items=request.POST.getlist("items") or [CustodyItem.CAR], notes=request.POST.get("notes", ""),
            daily_fee=request.POST.get("daily_fee") or None, counterparty=request.POST.get("counterparty", ""),
            actor=request.user)

    response = act(request, take_in, pgettext("collateral", "Car taken into custody."),
                   reverse("collateral:pledge_intake", args=[car.pk]))
    if "pledge" in made:
        return HttpResponseRedirect(reverse("collateral:pledge", args=[made["pledge"].pk]))
    return response


PLEDGE_STEPS = {
    "custody": lambda r, p: custody_record(p, r.POST.get("item", ""), r.POST.get("direction", ""), day(),
                                           counterparty=r.POST.get("counterparty", ""), note=r.POST.get("note", ""),
                                           actor=r.user),
    "fee": lambda r, p: storage_fee_collect(p, r.POST.get("amount", ""), day(), waive=r.POST.get("waive") == "1",
                                            actor=r.user),
    "release": lambda r, p: pledge_release(p, day(), counterparty=r.POST.get("counterparty", ""), actor=r.user),
    "dispose": lambda r, p: pledge_dispose(p, day(), r.POST.get("reason", ""), r.user),
}


@require_POST
@permission_required("pledge.manage")
def pledge_action(request: HttpRequest, pledge_id: int, action: str) -> HttpResponse:
    """custody (an item in or out) | fee (collect or waive) | release (on payoff) | dispose (on default)."""
    row = get_object_or_404(Pledge, pk=pledge_id)
    step = PLEDGE_STEPS.get(action)
    if step is None:
        return HttpResponse(status=404)
    return act(request, lambda: step(request, row), done(), reverse("collateral:pledge", args=[row.pk]))
