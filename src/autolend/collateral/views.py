"""Back-office pages for collateral (押品), under /backoffice/collateral/: one page per work queue.

Reads go through ``selectors``; every action is a POST form (CSRF) calling one service, guarded by
its own permission, reporting back with a message (a refusal translated, see ``refusals``).
Mortgages and alerts are here; pledges in ``views_pledge``, repossession and remarketing in
``views_repossession``. Business dates come from the platform's business date.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from autolend.collateral import selectors
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
    mortgage_cancel,
    mortgage_poll,
    mortgage_register,
    mortgage_release_confirm,
    mortgage_release_request,
    mortgage_submit,
)
from autolend.collateral.services.alert_ack import alert_acknowledge
from autolend.collateral.views_common import act, day, done, post_date
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
    return render(request, "collateral/vehicle.html", {
        "car": selectors.vehicle_detail(vehicle_id), "can_pledge": has_perm(request.user, "pledge.manage"),
        "can_repossess": has_perm(request.user, "repossession.manage")})


MORTGAGE_ACTIONS: dict[str, Callable[[HttpRequest, MortgageRegistration], Any]] = {
    "submit": lambda r, reg: mortgage_submit(reg, day(), r.user),
    "poll": lambda r, reg: mortgage_poll(reg, day(), r.user),
    "register": lambda r, reg: mortgage_register(reg, r.POST.get("certificate_number", ""),
                                                 post_date(r, "registered_on", day()), day(), r.user),
    "release": lambda r, reg: mortgage_release_request(reg, day(), r.user),
    "released": lambda r, reg: mortgage_release_confirm(reg, post_date(r, "released_on", day()), day(), r.user),
    "cancel": lambda r, reg: mortgage_cancel(reg, r.POST.get("reason", ""), day(), r.user),
}


@require_POST
@permission_required("mortgage.manage")
def mortgage_action(request: HttpRequest, reg_id: int, action: str) -> HttpResponse:
    """File a request with the office, ask where it stands, record the registration the office
    made, request the release, record the release, or withdraw a request not yet filed."""
    reg = get_object_or_404(MortgageRegistration, pk=reg_id)
    step = MORTGAGE_ACTIONS.get(action)
    if step is None:
        return HttpResponse(status=404)
    return act(request, lambda: step(request, reg), done(), reverse("collateral:mortgages"))


@require_POST
@permission_required("gps.manage")
def alert_action(request: HttpRequest, alert_id: int) -> HttpResponse:
    """Resolve (close) an alert with what was found."""
    alert = get_object_or_404(CollateralAlert, pk=alert_id)
    resolution = request.POST.get("resolution", "")
    return act(request, lambda: alert_close(alert, request.user, resolution, day()), pgettext("collateral", "Alert closed."),
               reverse("collateral:alerts"))


@require_POST
@permission_required("gps.manage")
def alert_acknowledge_view(request: HttpRequest, alert_id: int) -> HttpResponse:
    """Acknowledge an alert: it stays open, marked as being looked into."""
    alert = get_object_or_404(CollateralAlert, pk=alert_id)
    note = request.POST.get("note", "")
    return act(request, lambda: alert_acknowledge(alert, request.user, day(), note),
               pgettext("collateral", "Alert acknowledged."), reverse("collateral:alerts"))
