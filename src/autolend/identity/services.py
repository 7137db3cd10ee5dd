"""Writes about users: the demo accounts (and the staff ones' demo TOTP devices)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from autolend.identity.models import Role, User
from autolend.identity.selectors import usernames_present
from autolend.identity.two_factor import DEMO_DEVICE_NAME, demo_key

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

    Idempotent: a username that exists is left as it is (its password is not reset). Each staff
    account without a TOTP device gets the demo device (secret derived from the username, see
    ``two_factor.demo_key``), so ``autolend demo otp USER`` can print its current code.
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
            if role not in (Role.BORROWER, Role.DEALER):
                _demo_device_ensure(role.value)
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


def _demo_device_ensure(username: str) -> None:
    """The demo TOTP device of a staff demo account, unless it has a device already."""
    user = User.objects.get(username=username)
    if not TOTPDevice.objects.filter(user=user).exists():
        TOTPDevice.objects.create(user=user, name=DEMO_DEVICE_NAME, key=demo_key(username),
                                  confirmed=True)
