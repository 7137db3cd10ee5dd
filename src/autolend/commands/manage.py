"""`autolend manage ARGS...`: Django's manage.py, e.g. `autolend manage createsuperuser`.

A plain passthrough: it does not migrate first, so `showmigrations` and `migrate app 0001`
see the database as it is.
"""

from __future__ import annotations

import argparse

from autolend.commands.base import Subparsers, django_setup


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "manage", help="run a Django management command", description=__doc__, add_help=False
    )
    parser.add_argument("argv", nargs=argparse.REMAINDER, help="the command and its arguments")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    return passthrough(list(args.argv))


def passthrough(argv: list[str]) -> int:
    """Hand `argv` to Django's command line, as `manage.py` would; options included."""
    django_setup(migrate=False)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["autolend manage", *argv])
    return 0
