"""Back-office pages for collateral (押品), under /backoffice/collateral/: one page per work queue.

Reads go through ``selectors``; the few actions (file or chase a mortgage registration, request a
release, close an alert) are POST forms calling a service, guarded by their own permission, and
report back with a message. Business dates come from the platform's business date.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from autolend.collateral import selectors
from autolend.collateral.errors import CollateralError
from autolend.collateral.kinds import AlertKind
from autolend.collateral.models import (
    CollateralAlert,
    ListingStatus,
    MortgageRegistration,
    RepossessionStatus,
    Vehicle,
)
from autolend.collateral.models.alerts import KIND_LABELS
from autolend.collateral.services import (
    alert_close,
    mortgage_poll,
    mortgage_release_request,
    mortgage_submit,
)
from autolend.identity.permissions import has_perm, permission_required


@permission_required("collateral.view")
def index(request: HttpRequest) -> HttpResponse:
    """Counts of every queue, with links."""
    day = selectors.business_date()
    return render(request, "collateral/index.html", {"as_of": day, "counts": selectors.dashboard(day)})


@permission_required("collateral.view")
def mortgages(request: HttpRequest) -> HttpResponse:
    """Registrations pending and overdue, releases due and in progress."""
    day = selectors.business_date()
    return render(request, "collateral/mortgages.html", {
        "as_of": day, "queue": selectors.mortgage_queue(day), "can_manage": has_perm(request.user, "mortgage.manage")})


@permission_required("collateral.view")
def pledges(request: HttpRequest) -> HttpResponse:
    """Cars in custody (or in disposal), with the items held and the storage fees due."""
    day = selectors.business_date()
    return render(request, "collateral/pledges.html", {"as_of": day, "rows": selectors.pledges_in_custody(day)})


@permission_required("collateral.view")
def alerts(request: HttpRequest) -> HttpResponse:
    """Open alerts, most severe first; ``?kind=`` narrows to one kind, ``?scope=gps`` to GPS."""
    kind = request.GET.get("kind", "")
    if kind not in AlertKind._value2member_map_:
        kind = ""
    scope = "gps_" if request.GET.get("scope") == "gps" else ""
    rows = selectors.alerts_list(open_only=True, kind=kind, prefix=scope)
    return render(request, "collateral/alerts.html", {
        "rows": rows, "kinds": [(k.value, KIND_LABELS[k]) for k in AlertKind], "kind": kind,
        "scope": request.GET.get("scope", ""), "can_close": has_perm(request.user, "gps.manage")})


@permission_required("collateral.view")
def repossessions(request: HttpRequest) -> HttpResponse:
    """Repossession orders, by status."""
    status = request.GET.get("status", "")
    if status not in RepossessionStatus.values:
        status = ""
    return render(request, "collateral/repossessions.html", {
        "rows": selectors.repossessions(status), "statuses": RepossessionStatus.choices, "status": status})


@permission_required("collateral.view")
def listings(request: HttpRequest) -> HttpResponse:
    """Remarketing listings (live by default)."""
    status = request.GET.get("status", ListingStatus.LISTED)
    if status not in ListingStatus.values:
        status = ""
    return render(request, "collateral/listings.html", {
        "rows": selectors.listings(status), "statuses": ListingStatus.choices, "status": status})


@permission_required("collateral.view")
def vehicle(request: HttpRequest, vehicle_id: int) -> HttpResponse:
    """One car's collateral file."""
    get_object_or_404(Vehicle, pk=vehicle_id)
    return render(request, "collateral/vehicle.html", {"car": selectors.vehicle_detail(vehicle_id)})


def _act(request: HttpRequest, action: Callable[[], Any], done: str, back: str) -> HttpResponse:
    try:
        action()
    except CollateralError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return HttpResponseRedirect(reverse(back))


MORTGAGE_ACTIONS = {
    "submit": mortgage_submit,
    "poll": mortgage_poll,
    "release": mortgage_release_request,
}


@require_POST
@permission_required("mortgage.manage")
def mortgage_action(request: HttpRequest, reg_id: int, action: str) -> HttpResponse:
    """File a request with the office, ask where it stands, or request the release."""
    reg = get_object_or_404(MortgageRegistration, pk=reg_id)
    service = MORTGAGE_ACTIONS.get(action)
    if service is None:
        return HttpResponse(status=404)
    day = selectors.business_date()
    return _act(request, lambda: service(reg, day, request.user), pgettext("collateral", "Done."), "collateral:mortgages")


@require_POST
@permission_required("gps.manage")
def alert_action(request: HttpRequest, alert_id: int) -> HttpResponse:
    """Close an alert with what was found."""
    alert = get_object_or_404(CollateralAlert, pk=alert_id)
    resolution = request.POST.get("resolution", "")
    day = selectors.business_date()
    return _act(request, lambda: alert_close(alert, request.user, resolution, day), pgettext("collateral", "Alert closed."),
                "collateral:alerts")
