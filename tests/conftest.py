"""Session-wide test rules.

`@pytest.mark.postgres` tests need PostgreSQL (row locks, concurrency). On SQLite they are
skipped, unless AUTOLEND_REQUIRE_PG=1, which CI sets for its PostgreSQL run: then a SQLite
DATABASE_URL stops the session, so a misconfigured CI cannot pass by skipping them.
`@pytest.mark.browser` tests (Playwright + /usr/bin/chromium) follow the same rule with
AUTOLEND_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import os

import pytest

BROWSER = "/usr/bin/chromium"  # Debian's chromium, driven by Playwright (never `playwright install`)


def _database_is_postgres() -> bool:
    from django.conf import settings

    return bool(settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql")


def _postgres_required() -> bool:
    return os.environ.get("AUTOLEND_REQUIRE_PG", "").strip().lower() in {"1", "true", "yes"}


def pytest_configure(config: pytest.Config) -> None:
    if _postgres_required() and not _database_is_postgres():
        raise pytest.UsageError(
            "AUTOLEND_REQUIRE_PG=1 but DATABASE_URL is not PostgreSQL "
            "(set DATABASE_URL=postgres://user@host:port/name)"
        )


def _browser_missing() -> str:
    """Why the browser tests cannot run here ("" when they can): Playwright and Debian's chromium."""
    import importlib.util

    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed (pip install -e '.[dev]')"
    if not os.path.exists(BROWSER):
        return f"{BROWSER} is missing (apt-get install -y chromium)"
    return ""


def _browser_tests(items: list[pytest.Item]) -> None:
    """`@pytest.mark.browser` tests skip without a browser, unless AUTOLEND_REQUIRE_BROWSER=1
    (CI), which makes a missing browser stop the session instead."""
    wanted = [item for item in items if "browser" in item.keywords]
    missing = _browser_missing() if wanted else ""
    if not missing:
        return
    if os.environ.get("AUTOLEND_REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes"}:
        raise pytest.UsageError(f"AUTOLEND_REQUIRE_BROWSER=1 but {missing}")
    for item in wanted:
        item.add_marker(pytest.mark.skip(reason=missing))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    _browser_tests(items)
    if _database_is_postgres():
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgres://...)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _simulators_forget_earlier_tests() -> None:
    """The payment simulator keeps payouts in process memory keyed by loan number; loan numbers
    restart with each test database, so every test starts with a simulator that has seen nothing."""
    from autolend.integrations.payments import SimulatedGateway

    SimulatedGateway.reset()
