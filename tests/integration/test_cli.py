"""The `autolend` command in a real process, against a fresh SQLite file."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


def autolend(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("AUTOLEND_", "DATABASE_"))}
    environ.update(
        AUTOLEND_HOME=str(home),
        DATABASE_URL=f"sqlite:///{home / 'cli.sqlite3'}",
        DJANGO_SETTINGS_MODULE="autolend.config.settings",
    )
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-m", "autolend", *args],
        cwd=home, env=environ, capture_output=True, text=True, timeout=120,
    )


def test_seed_demo_migrates_an_empty_database_first(tmp_path: Path) -> None:
    result = autolend(tmp_path, "seed-demo", "--json", "--no-book")  # the book: test_seed_demo_book.py
    assert result.returncode == 0, result.stderr
    accounts = json.loads(result.stdout)
    assert {a["username"] for a in accounts} >= {"borrower", "dealer", "admin"}
    assert all(a["created"] for a in accounts)
    with sqlite3.connect(tmp_path / "cli.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM identity_user").fetchone() == (len(accounts),)

    again = autolend(tmp_path, "seed-demo", "--json", "--no-book")
    assert again.returncode == 0, again.stderr
    assert not any(a["created"] for a in json.loads(again.stdout))


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["frobnicate"], {}, "invalid choice"),
        (["run", "--port", "http"], {}, "not a port number"),
        (["run", "--port", "70000"], {}, "not a port number"),
        (["run", "--host", "bad host!"], {}, "not a host name"),
        (["seed-demo", "--colour"], {}, "unrecognized arguments"),
        (["seed-demo"], {"AUTOLEND_DEBUG": "perhaps"}, "AUTOLEND_DEBUG"),
        (["seed-demo"], {"DATABASE_URL": "mysql://x/y"}, "DATABASE_URL"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    tmp_path: Path, args: list[str], env: dict[str, str], message: str
) -> None:
    result = autolend(tmp_path, *args, **env)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_no_command_prints_help_and_exits_2(tmp_path: Path) -> None:
    result = autolend(tmp_path)
    assert result.returncode == 2
    assert "seed-demo" in result.stderr


def test_manage_passes_options_through_without_migrating(tmp_path: Path) -> None:
    result = autolend(tmp_path, "manage", "showmigrations", "--list", "identity")
    assert result.returncode == 0, result.stderr
    assert "[ ] 0001_initial" in result.stdout
