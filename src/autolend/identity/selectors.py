"""Read-only queries about users."""

from __future__ import annotations

from autolend.identity.models import User


def user_exists() -> bool:
    """True when the database holds at least one user (the demo seeds only an empty one)."""
    return User.objects.exists()


def usernames_present(usernames: list[str]) -> set[str]:
    """Which of `usernames` exist."""
    return set(User.objects.filter(username__in=usernames).values_list("username", flat=True))
