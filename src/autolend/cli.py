"""The `autolend` command: `autolend --help` lists the subcommands.

Each subcommand lives in its own module under autolend.commands (see that package's docstring);
add a new one to COMMAND_MODULES below.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import NoReturn

from autolend.commands import (
    apr,
    audit,
    collateral,
    collections,
    demo,
    eod,
    ledger,
    loans,
    manage,
    migrate,
    payments,
    reconcile,
    risk,
    run,
    schedule,
    seed_demo,
    status,
    valuation,
    vin,
)
from autolend.commands.base import UsageError

# The order here is the order in `autolend --help`.
COMMAND_MODULES: tuple[ModuleType, ...] = (
    run,
    seed_demo,
    demo,
    schedule,
    apr,
    risk,
    vin,
    valuation,
    status,
    loans,
    payments,
    eod,
    collections,
    collateral,
    reconcile,
    ledger,
    audit,
    migrate,
    manage,
)


class _Parser(argparse.ArgumentParser):
    """Bad usage gives one line on stderr and exit status 2 (argparse adds a usage block)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="autolend",
        description="autolend, the auto-finance platform (汽车金融).",
        formatter_class=lambda prog: argparse.HelpFormatter(prog, max_help_position=28),
    )
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; returns the exit status (0 ok, 2 bad input, 1 other failure)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if args_list[:1] == ["manage"]:  # argparse would eat options meant for Django
            return manage.passthrough(args_list[1:])
        parser = build_parser()
        args = parser.parse_args(args_list)
        if not hasattr(args, "handler"):
            parser.print_help(sys.stderr)
            return 2
        return int(args.handler(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001 - sorted below into the documented exit statuses
        return _report(exc)


def _report(exc: Exception) -> int:
    from django.core.exceptions import ImproperlyConfigured
    from django.db import DatabaseError

    first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, UsageError | ImproperlyConfigured):
        print(f"autolend: error: {first_line}", file=sys.stderr)
        return 2
    if isinstance(exc, DatabaseError):
        print(f"autolend: database error: {first_line}", file=sys.stderr)
        return 1
    raise exc  # a bug: keep the traceback


if __name__ == "__main__":
    sys.exit(main())
