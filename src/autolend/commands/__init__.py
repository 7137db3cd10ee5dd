"""Subcommands of the `autolend` command, one module each.

A command module exposes `register(subparsers)`, which adds its parser and sets
`handler=<function(args) -> int>` with `parser.set_defaults`. It imports Django (models,
call_command) only inside its handler, after `autolend.commands.base.django_setup()`, so commands
that need no database (`schedule`, `apr`) start fast and work without one. Add the module to
COMMAND_MODULES in autolend/cli.py. Raise `UsageError` for bad input: exit 2, one line on stderr.
"""
