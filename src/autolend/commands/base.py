"""What command modules share: Django start-up, the usage error, plain-text tables."""

from __future__ import annotations

import argparse
import os
import unicodedata
from collections.abc import Sequence
from typing import TypeAlias

Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


class UsageError(Exception):
    """Bad input from the user: the CLI prints the message on one line and exits with 2."""


def django_setup(*, migrate: bool = True) -> bool:
    """Configure Django; with `migrate`, apply pending migrations quietly first.

    Returns True when migrations were applied.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "autolend.config.settings")
    import django

    django.setup()
    return migrate_if_needed() if migrate else False


def migrate_if_needed() -> bool:
    """Run `migrate` non-interactively when the database lacks migrations; True if it did."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if not executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return False
    call_command("migrate", interactive=False, verbosity=0)
    return True


def text_width(text: str) -> int:
    """Columns `text` takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Left-aligned columns separated by two spaces, with a rule under the header."""
    widths = [max(text_width(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        padded = (c + " " * (w - text_width(c)) for c, w in zip(cells, widths, strict=True))
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(row) for row in rows)])
