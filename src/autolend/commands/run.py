"""`autolend run`: migrate, seed the demo users into an empty database, and serve."""

from __future__ import annotations

import argparse
import ipaddress
import re

from autolend.commands.base import Subparsers, UsageError, django_setup

_HOSTNAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}[A-Za-z0-9])?$")


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "run", help="migrate, seed the demo if empty, and serve", description=__doc__
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=port_number, default=8000, help="port (default 8000)")
    parser.add_argument("--no-seed", action="store_true", help="do not create demo users")
    parser.set_defaults(handler=handle)


def port_number(text: str) -> int:
    """argparse type: a TCP port, 1 to 65535."""
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"not a port number (1-65535): {text!r}")
    return int(text)


def listen_address(host: str, port: int) -> str:
    """`host:port` for runserver, IPv6 in brackets; UsageError for a malformed host."""
    try:
        ip = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        if not _HOSTNAME.match(host):
            raise UsageError(f"not a host name or IP address: {host!r}") from None
        return f"{host}:{port}"
    return f"[{ip}]:{port}" if ip.version == 6 else f"{ip}:{port}"


def handle(args: argparse.Namespace) -> int:
    address = listen_address(args.host, args.port)
    if django_setup():
        print("Database created or updated.", flush=True)

    from django.conf import settings
    from django.core.management import call_command

    from autolend.commands.seed_demo import print_accounts, seed
    from autolend.identity.models import Role
    from autolend.identity.selectors import user_exists, usernames_present

    if not args.no_seed and not user_exists():
        seed()
    else:
        present = usernames_present([role.value for role in Role])
        if present:
            print("Demo accounts (unless their passwords were changed):")
            print_accounts([role.value for role in Role if role.value in present])
    if not settings.DEBUG:
        call_command("collectstatic", interactive=False, verbosity=0)

    shown = "127.0.0.1" if args.host in ("0.0.0.0", "::") else address.rsplit(":", 1)[0]
    base = f"http://{shown}:{args.port}"
    print(f"\nautolend is starting at {base}/  (sign in at {base}/accounts/login/)")
    print("Press Ctrl-C to stop.\n", flush=True)
    try:
        call_command("runserver", address, use_reloader=False)
    except KeyboardInterrupt:
        return 0
    return 0
