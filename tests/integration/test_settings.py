"""Settings come from the environment, and a bad value stops start-up (ImproperlyConfigured)."""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

import autolend.config.settings as live_settings

SETTINGS_FILE = live_settings.__file__
GOOD_KEY = "autolend-test-key-" * 4
ENV_NAMES = [
    "AUTOLEND_DEBUG", "AUTOLEND_SECRET_KEY", "AUTOLEND_SECRET_KEY_FILE", "AUTOLEND_ALLOWED_HOSTS",
    "AUTOLEND_CSRF_TRUSTED_ORIGINS", "DATABASE_URL", "AUTOLEND_DB_CONN_MAX_AGE", "AUTOLEND_DB_PREPARED",
    "AUTOLEND_LOG_LEVEL", "AUTOLEND_DEMO", "AUTOLEND_SECURE_COOKIES",
]


@pytest.fixture
def load(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    """Execute settings.py afresh with the given environment; returns its names as a dict."""
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AUTOLEND_HOME", str(tmp_path))

    def _load(**env: str) -> dict[str, Any]:
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(SETTINGS_FILE)

    return _load


def production(**extra: str) -> dict[str, str]:
    return {
        "AUTOLEND_DEBUG": "false",
        "AUTOLEND_SECRET_KEY": GOOD_KEY,
        "AUTOLEND_ALLOWED_HOSTS": "autolend.example.com",
        **extra,
    }


def test_defaults_give_the_embedded_demo(load: Any, tmp_path: Path) -> None:
    s = load()
    assert s["DEBUG"] is True
    assert s["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(s["DATABASES"]["default"]["NAME"]) == tmp_path / "var" / "autolend.sqlite3"
    assert (tmp_path / "var").is_dir()
    assert s["PASSWORD_HASHERS"][0].endswith("Argon2PasswordHasher")
    assert s["LANGUAGE_CODE"] == "zh-hans"
    assert s["TIME_ZONE"] == "Asia/Shanghai"
    assert s["AUTH_USER_MODEL"] == "identity.User"


def test_production_settings_with_postgres(load: Any) -> None:
    s = load(**production(DATABASE_URL="postgres://app@db.internal:5432/autolend"))
    db = s["DATABASES"]["default"]
    assert (db["ENGINE"], db["NAME"], db["HOST"], db["PORT"]) == (
        "django.db.backends.postgresql", "autolend", "db.internal", 5432,
    )
    assert db["OPTIONS"] == {"server_side_binding": True, "prepare_threshold": 5}  # prepared statements
    assert s["SESSION_COOKIE_SECURE"] is True
    assert s["ALLOWED_HOSTS"] == ["autolend.example.com"]


def test_prepared_statements_can_be_turned_off_for_a_pooler(load: Any) -> None:
    s = load(**production(DATABASE_URL="postgres://app@db.internal:5432/autolend", AUTOLEND_DB_PREPARED="false"))
    assert "server_side_binding" not in s["DATABASES"]["default"].get("OPTIONS", {})


def test_secret_key_can_come_from_a_file(load: Any, tmp_path: Path) -> None:
    key_file = tmp_path / "secret"
    key_file.write_text(GOOD_KEY + "\n")
    env = production(AUTOLEND_SECRET_KEY_FILE=str(key_file))
    del env["AUTOLEND_SECRET_KEY"]
    assert load(**env)["SECRET_KEY"] == GOOD_KEY


@pytest.mark.parametrize(
    ("env", "complaint"),
    [
        ({"AUTOLEND_DEBUG": "maybe"}, "AUTOLEND_DEBUG"),
        (production(AUTOLEND_SECRET_KEY=""), "AUTOLEND_SECRET_KEY"),
        (production(AUTOLEND_SECRET_KEY="short"), "AUTOLEND_SECRET_KEY"),
        (production(AUTOLEND_ALLOWED_HOSTS=""), "AUTOLEND_ALLOWED_HOSTS"),
        ({"AUTOLEND_ALLOWED_HOSTS": "a.example.com,,b.example.com"}, "AUTOLEND_ALLOWED_HOSTS"),
        ({"AUTOLEND_CSRF_TRUSTED_ORIGINS": "example.com"}, "AUTOLEND_CSRF_TRUSTED_ORIGINS"),
        ({"DATABASE_URL": "mysql://root@localhost/autolend"}, "DATABASE_URL"),
        ({"DATABASE_URL": "not a url"}, "DATABASE_URL"),
        ({"DATABASE_URL": "postgres://localhost:5432"}, "DATABASE_URL"),
        ({"AUTOLEND_DB_CONN_MAX_AGE": "forever"}, "AUTOLEND_DB_CONN_MAX_AGE"),
        ({"AUTOLEND_DB_CONN_MAX_AGE": "-1"}, "AUTOLEND_DB_CONN_MAX_AGE"),
        ({"AUTOLEND_DB_PREPARED": "sometimes"}, "AUTOLEND_DB_PREPARED"),
        ({"AUTOLEND_LOG_LEVEL": "LOUD"}, "AUTOLEND_LOG_LEVEL"),
        ({"AUTOLEND_SECRET_KEY_FILE": "/nonexistent/secret"}, "AUTOLEND_SECRET_KEY_FILE"),
    ],
)
def test_bad_values_are_refused(load: Any, env: dict[str, str], complaint: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=complaint):
        load(**env)


def test_missing_home_is_refused(load: Any, tmp_path: Path) -> None:
    with pytest.raises(ImproperlyConfigured, match="AUTOLEND_HOME"):
        load(AUTOLEND_HOME=str(tmp_path / "missing"))
