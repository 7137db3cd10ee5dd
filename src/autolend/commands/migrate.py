"""`autolend migrate`: create or update the database tables."""

from __future__ import annotations

import argparse

from autolend.commands.base import Subparsers, django_setup


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "migrate", help="apply database migrations", description=__doc__
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    django_setup(migrate=False)
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)
    return 0
