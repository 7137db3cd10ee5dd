"""Who may do what: the role → permission table, in one place (pages, API and services use it).

A permission is a verb on a capability (``loan.view``, ``disbursement.approve``). The table is data;
object-level rules (a borrower sees only their own loans, a dealer only its own business) live in
the selectors that read those objects. An auditor reads everything and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from autolend.identity.models import Role

STAFF_ROLES = frozenset(
    {
        Role.UNDERWRITER, Role.SENIOR_UNDERWRITER, Role.OPERATIONS, Role.FINANCE, Role.COLLECTOR,
        Role.RISK_MANAGER, Role.AUDITOR, Role.ADMIN,
    }
)
_ALL_STAFF = STAFF_ROLES

PERMISSIONS: dict[str, frozenset[Role]] = {
    # back office, reads
    "backoffice.view": _ALL_STAFF,
    "loan.view": _ALL_STAFF,
    "application.view": _ALL_STAFF,
    "ledger.view": frozenset({Role.FINANCE, Role.OPERATIONS, Role.RISK_MANAGER, Role.AUDITOR, Role.ADMIN}),
    "audit.view": frozenset({Role.AUDITOR, Role.ADMIN, Role.RISK_MANAGER}),
    # origination and decision
    "application.review": frozenset({Role.UNDERWRITER, Role.SENIOR_UNDERWRITER, Role.ADMIN}),
    "application.override": frozenset({Role.SENIOR_UNDERWRITER, Role.ADMIN}),
    "stipulation.clear": frozenset({Role.UNDERWRITER, Role.SENIOR_UNDERWRITER, Role.OPERATIONS, Role.ADMIN}),
    # money
    "disbursement.request": frozenset({Role.OPERATIONS, Role.ADMIN}),
    "disbursement.approve": frozenset({Role.OPERATIONS, Role.FINANCE, Role.ADMIN}),
    "payment.post": frozenset({Role.OPERATIONS, Role.FINANCE, Role.ADMIN}),
    "payment.reverse": frozenset({Role.FINANCE, Role.ADMIN}),
    "writeoff.request": frozenset({Role.COLLECTOR, Role.RISK_MANAGER, Role.FINANCE, Role.ADMIN}),
    "writeoff.approve": frozenset({Role.RISK_MANAGER, Role.FINANCE, Role.ADMIN}),
    "restructure.request": frozenset({Role.COLLECTOR, Role.OPERATIONS, Role.RISK_MANAGER, Role.ADMIN}),
    "restructure.approve": frozenset({Role.RISK_MANAGER, Role.SENIOR_UNDERWRITER, Role.ADMIN}),
    "eod.run": frozenset({Role.OPERATIONS, Role.ADMIN}),
    # collateral (押品): vehicles and valuations, mortgages, pledges, GPS, repossession, remarketing
    "collateral.view": _ALL_STAFF,
    "collateral.manage": frozenset({Role.OPERATIONS, Role.RISK_MANAGER, Role.ADMIN}),
    "mortgage.manage": frozenset({Role.OPERATIONS, Role.ADMIN}),
    "pledge.manage": frozenset({Role.OPERATIONS, Role.ADMIN}),
    "gps.manage": frozenset({Role.OPERATIONS, Role.COLLECTOR, Role.RISK_MANAGER, Role.ADMIN}),
    "repossession.manage": frozenset({Role.COLLECTOR, Role.RISK_MANAGER, Role.ADMIN}),
    "remarketing.manage": frozenset({Role.RISK_MANAGER, Role.FINANCE, Role.ADMIN}),
    # configuration
    "product.edit": frozenset({Role.RISK_MANAGER, Role.ADMIN}),
    "product.approve": frozenset({Role.RISK_MANAGER, Role.ADMIN}),
    # collections (贷后管理): cases, contacts, promises, escalation, agencies
    "collections.view": frozenset({Role.COLLECTOR, Role.OPERATIONS, Role.RISK_MANAGER, Role.FINANCE, Role.AUDITOR, Role.ADMIN}),
    "collections.work": frozenset({Role.COLLECTOR, Role.RISK_MANAGER, Role.ADMIN}),
    "collections.manage": frozenset({Role.RISK_MANAGER, Role.ADMIN}),
}


def role_of(user: Any) -> Role | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if getattr(user, "is_superuser", False):
        return Role.ADMIN
    try:
        return Role(user.role)
    except ValueError:
        return None


def has_perm(user: Any, permission: str) -> bool:
    """True when the user's role carries ``permission`` (unknown permissions are refused).

    A request's staff user who has not passed the two-factor step holds no permission.
    """
    from autolend.identity.two_factor import session_verified

    role = role_of(user)
    return (role is not None and role in PERMISSIONS.get(permission, frozenset())
            and session_verified(user))


def is_staff_user(user: Any) -> bool:
    role = role_of(user)
    return role is not None and role in STAFF_ROLES


F = TypeVar("F", bound=Callable[..., HttpResponse])


def permission_required(permission: str) -> Callable[[F], F]:
    """View decorator: the login page when signed out, the two-factor step for a staff session
    that has not passed it, 403 when the role lacks ``permission``."""
    if permission not in PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}")

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            from autolend.identity.two_factor import session_verified

            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not session_verified(request.user):
                return redirect_to_login(request.get_full_path(), login_url=reverse("two_factor"))
            if not has_perm(request.user, permission):
                raise PermissionDenied(permission)
            return view(request, *args, **kwargs)

        wrapped.required_permission = permission  # type: ignore[attr-defined]  # the authorization matrix
        return wrapped  # type: ignore[return-value]

    return decorate


__all__ = ["PERMISSIONS", "STAFF_ROLES", "has_perm", "is_staff_user", "permission_required", "role_of"]
