"""Helpers for the dealer-portal tests and the demo: a dealer's staff login and a booked loan
that came through a dealer. Not used by production code."""

from __future__ import annotations

from datetime import date
from typing import Any

from autolend.identity.models import Role
from autolend.origination import testing as t


def dealer_user(dealer: Any, username: str) -> Any:
    """A dealer-role login working for ``dealer``."""
    from autolend.parties.services import dealer_staff_add

    user = t.user(username, Role.DEALER)
    dealer_staff_add(dealer, user)
    return user


def booked(dealer: Any, *, as_of: date = t.AS_OF, **fields: Any) -> tuple[Any, Any]:
    """An application of ``dealer`` taken to a booked loan (first offer, stipulations waived,
    contract signed): (application, loan pending disbursement)."""
    from autolend.origination.services import contract_sign, offer_accept, stipulation_waive
    from autolend.servicing.models import Loan

    app = t.submit(dealer_row=dealer, as_of=as_of, **fields)
    offer_accept(app, app.offers.order_by("rank").first(), as_of=as_of)
    ops = t.user("ops-waiver", Role.OPERATIONS)
    for stipulation in app.stipulations.all():
        stipulation_waive(stipulation, actor=ops, reason="checked at the dealer")
    contract = contract_sign(app, code="123456", as_of=as_of)
    app.refresh_from_db()
    return app, Loan.objects.get(number=contract.loan_number)


def disburse(loan: Any, day: date, *, approve: bool = True) -> Any:
    """Request (and unless ``approve`` is False, approve by another person) the loan's payout."""
    from autolend.servicing.services import disbursement_approve, disbursement_request

    request = disbursement_request(loan, t.user("ops-maker", Role.OPERATIONS), day)
    return disbursement_approve(request, t.user("fin-checker", Role.FINANCE), day) if approve else request
