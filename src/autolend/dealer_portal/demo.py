"""The dealer portal in the demo: the demo login ``dealer`` works for the first demo dealer, and
the default commission rates per product are set (idempotent: a second run changes nothing)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

DEMO_RATES = {"NEWCAR": Decimal("1.5"), "USEDCAR": Decimal("2"), "BALLOON": Decimal("1.5")}
RATES_FROM = date(2020, 1, 1)


def dealer_portal_seed_demo() -> str:
    """Link the ``dealer`` login to the first demo dealer and set the demo commission rates; one
    line saying what was done."""
    from autolend.dealer_portal.models import CommissionRate
    from autolend.dealer_portal.services import commission_rate_set
    from autolend.identity.models import Role, User
    from autolend.parties.demo import dealers_seed_demo
    from autolend.parties.models import DealerStaff
    from autolend.parties.services import dealer_staff_add
    from autolend.products.models import Product

    dealer = dealers_seed_demo()[0][0]
    user = User.objects.filter(username=Role.DEALER.value, role=Role.DEALER).first()
    linked = ""
    if user is not None:
        if not DealerStaff.objects.filter(user=user).exists():
            dealer_staff_add(dealer, user)
        linked = f"login '{user.username}' works for {dealer.name}; "
    codes = set(Product.objects.values_list("code", flat=True))
    for code, rate in DEMO_RATES.items():
        if code in codes and not CommissionRate.objects.filter(dealer__isnull=True, product_code=code).exists():
            commission_rate_set(code, rate, effective_from=RATES_FROM)
    rates = ", ".join(f"{code} {rate}%" for code, rate in DEMO_RATES.items() if code in codes)
    return f"Dealer portal: {linked}commission rates {rates or 'default'}."
