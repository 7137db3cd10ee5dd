"""What the collateral API modules share: permission-checked session auth, the default date."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import SessionAuth

from autolend.collateral import selectors
from autolend.identity.permissions import PERMISSIONS, has_perm


class PermissionSession(SessionAuth):
    """Session auth (CSRF-checked) that also requires ``permission``: 401 signed out, 403 without it."""

    def __init__(self, permission: str) -> None:
        if permission not in PERMISSIONS:
            raise ValueError(f"unknown permission {permission!r}")
        super().__init__()
        self.permission = permission

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None and not has_perm(user, self.permission):
            raise HttpError(403, f"needs permission {self.permission}")
        return user


def auth(permission: str) -> PermissionSession:
    return PermissionSession(permission)


def day_of(as_of: date | None) -> date:
    """The given business date, or the platform's."""
    return as_of or selectors.business_date()
