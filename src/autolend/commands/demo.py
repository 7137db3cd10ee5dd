"""`autolend demo otp USER`: the current two-factor code of a demo staff account.

The demo seed gives each staff account (underwriter, operations, ...) a TOTP device whose secret
is derived from the username, so the demo can sign in without a phone. Only those demo devices
are read: an account that enrolled a real authenticator is refused.
"""

from __future__ import annotations

import argparse
import sys

from autolend.commands.base import Subparsers, UsageError, django_setup


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("demo", help="demo helpers (two-factor codes)", description=__doc__)
    actions = parser.add_subparsers(title="actions", metavar="ACTION")
    otp = actions.add_parser("otp", help="print a demo staff account's current two-factor code",
                             description=__doc__)
    otp.add_argument("username", help="a demo staff account, e.g. underwriter")
    otp.set_defaults(handler=handle_otp)
    parser.set_defaults(handler=lambda args: parser.print_help() or 2)


def handle_otp(args: argparse.Namespace) -> int:
    django_setup()
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from autolend.identity.models import User
    from autolend.identity.two_factor import DEMO_DEVICE_NAME, code_at, seconds_left

    user = User.objects.filter(username=args.username).first()
    if user is None:
        raise UsageError(f"no such user: {args.username!r}")
    device = TOTPDevice.objects.filter(user=user, confirmed=True, name=DEMO_DEVICE_NAME).first()
    if device is None:
        raise UsageError(f"{args.username!r} has no demo two-factor device "
                         "(customers sign in without one; run `autolend seed-demo` for the staff)")
    print(code_at(device), flush=True)
    print(f"valid for {seconds_left(device)} more seconds", file=sys.stderr)
    return 0
