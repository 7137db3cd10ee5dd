"""Writes about users: the demo accounts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from autolend.identity.models import Role, User
from autolend.identity.selectors import usernames_present

DEMO_PASSWORD = "autolend-demo"


@dataclass(frozen=True)
class DemoUser:
    """One demo account: the username is the role's value (`underwriter`, `admin`, ...)."""

    username: str
    role: Role
    created: bool


def demo_users_seed(
    *, on_progress: Callable[[int, int, DemoUser], None] | None = None
) -> list[DemoUser]:
    """Create one user per role with password DEMO_PASSWORD; `admin` is a superuser.

    Idempotent: a username that exists is left as it is (its password is not reset).
    Calls on_progress(done, total, user) after each role. Returns one DemoUser per role.
    """
    roles = list(Role)
    result: list[DemoUser] = []
    with transaction.atomic():
        present = usernames_present([role.value for role in roles])
        for index, role in enumerate(roles, start=1):
            created = role.value not in present
            if created:
                _demo_user_create(role)
            demo = DemoUser(username=role.value, role=role, created=created)
            result.append(demo)
            if on_progress is not None:
                on_progress(index, len(roles), demo)
    return result


def _demo_user_create(role: Role) -> User:
    admin = role is Role.ADMIN
    user = User(
        username=role.value,
        email=f"{role.value}@example.com",
        role=role,
        is_staff=admin,
        is_superuser=admin,
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user
