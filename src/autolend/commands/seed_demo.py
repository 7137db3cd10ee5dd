"""`autolend seed-demo`: one demo user per role, password autolend-demo (idempotent)."""

from __future__ import annotations

import argparse
import json

from autolend.commands.base import Subparsers, django_setup, format_table


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "seed-demo", help="create one demo user per role (idempotent)", description=__doc__
    )
    parser.add_argument("--json", action="store_true", help="print the accounts as JSON")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    django_setup()
    seed(as_json=args.json)
    return 0


def seed(*, as_json: bool = False) -> None:
    """Seed the demo users and print them (with progress, or as JSON)."""
    from autolend.identity.services import DEMO_PASSWORD, DemoUser, demo_users_seed

    def progress(done: int, total: int, user: DemoUser) -> None:
        state = "created" if user.created else "exists"
        print(f"  [{done:>2}/{total}] {user.username:<20} {state}", flush=True)

    if as_json:
        users = demo_users_seed()
        rows = [
            {"username": u.username, "role": u.role.value, "password": DEMO_PASSWORD,
             "created": u.created}
            for u in users
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    print("Seeding demo users:")
    users = demo_users_seed(on_progress=progress)
    created = sum(u.created for u in users)
    print(f"Demo users: {created} created, {len(users) - created} already present.\n")
    print_accounts([u.username for u in users])


def print_accounts(usernames: list[str]) -> None:
    """The login table: username, role (in the site's language), password."""
    from autolend.identity.models import Role
    from autolend.identity.services import DEMO_PASSWORD

    rows = [[name, str(Role(name).label), DEMO_PASSWORD] for name in usernames]
    print(format_table(["username", "role", "password"], rows))
