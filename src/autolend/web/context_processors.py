"""Values every page template may use."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from autolend.identity.services import DEMO_PASSWORD


def autolend(request: HttpRequest) -> dict[str, object]:
    """`demo`: show the demo accounts (AUTOLEND_DEMO); `demo_password` for the hint;
    `backoffice`: the signed-in user is staff (the header links to the back office)."""
    from autolend.identity.permissions import has_perm

    user = getattr(request, "user", None)
    return {"demo": settings.AUTOLEND_DEMO, "demo_password": DEMO_PASSWORD,
            "backoffice": has_perm(user, "backoffice.view")}
