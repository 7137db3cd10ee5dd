"""Outside agencies (委外催收机构) under /backoffice/collections/agencies/: the commission each has
earned and not yet been paid, and for finance (``payment.post``) the payment of it — one journal
entry through ``services.agency_commission_pay`` (Dr agency commission payable / Cr bank). The
form carries an idempotency key made when the page is shown, so a resubmitted form pays once."""

from __future__ import annotations

import uuid
from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from autolend.collections import selectors, services
from autolend.identity.permissions import has_perm, permission_required


def _today() -> date:
    from autolend.collections.views import _today as today

    return today()


@permission_required("collections.view")
def agencies(request: HttpRequest) -> HttpResponse:
    day = _today()
    return render(request, "collections/agencies.html", {
        "rows": selectors.agency_commissions(day), "as_of": day, "key": uuid.uuid4().hex,
        "can_pay": has_perm(request.user, "payment.post")})


@require_POST
@permission_required("payment.post")
def agency_pay(request: HttpRequest, agency_id: int) -> HttpResponse:
    try:
        payment = services.agency_commission_pay(agency_id, _today(), request.POST.get("idempotency_key", ""),
                                                 actor=request.user)
    except ValueError as exc:
        field = getattr(exc, "field", "")
        text = {"agency": _("There is no commission to pay to this agency."),
                "idempotency_key": _("This form was already used for another payment: reload the page.")}.get(field)
        messages.error(request, text or getattr(exc, "message", str(exc)))
    else:
        messages.success(request, _("Commission of %(total)s yuan paid to %(agency)s.") % {
            "total": payment.total, "agency": payment.agency})
    return HttpResponseRedirect(reverse("collections:agencies"))
