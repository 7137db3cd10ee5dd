"""DATABASES["default"] from a DATABASE_URL: SQLite for the embedded demo, PostgreSQL in production."""

from __future__ import annotations

from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

SQLITE = "django.db.backends.sqlite3"
POSTGRESQL = "django.db.backends.postgresql"  # psycopg 3 when installed, as here


def database_from_url(url: str, *, conn_max_age: int, prepared: bool = True) -> dict[str, Any]:
    """Parse `url` (sqlite:///path or postgres://user@host:port/name) into Django's form.

    On PostgreSQL, ``prepared`` (the default) binds parameters on the server, so psycopg prepares
    a statement it has run five times on a connection and PostgreSQL plans it once, not on every
    run: 5.0 → 3.2 ms of database CPU per credit decision (bench/decision.py). Turn it off behind
    a pooler in transaction mode that cannot keep prepared statements (PgBouncer before 1.21).
    """
    try:
        config: dict[str, Any] = dict(
            dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
        )
    except ValueError as exc:  # unknown scheme or unparsable URL
        raise ImproperlyConfigured(f"DATABASE_URL is not usable: {exc}") from None
    engine = config.get("ENGINE")
    if engine == SQLITE:
        if not config.get("NAME"):
            raise ImproperlyConfigured("DATABASE_URL: a SQLite URL needs a file path")
        # IMMEDIATE takes the write lock at BEGIN, so two writers wait (up to `timeout` seconds)
        # instead of failing with "database is locked" half-way through a transaction.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    elif engine == POSTGRESQL:
        if not config.get("NAME"):
            raise ImproperlyConfigured("DATABASE_URL: a PostgreSQL URL needs a database name")
        if prepared:
            # Django leaves psycopg's prepared statements off (prepare_threshold None) unless asked.
            config["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 5}
    else:
        raise ImproperlyConfigured(
            f"DATABASE_URL: only sqlite:// and postgres:// are supported, got {engine}"
        )
    return config
