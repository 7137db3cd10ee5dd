"""`autolend seed-demo`: the demo users (one per role, password autolend-demo), the product
catalogue, three dealers, the borrowers and a demo loan book with a year of history (idempotent).

The book is written through the real services and end of day over the business dates of the
year before the demo date, then reconciled; running the command again changes nothing. Each
date's end of day runs every registered day step too, so the book also holds the cars as
collateral (mortgages, trackers, alerts, one repossession sold at auction: ``collateral.demo``)
and the collection cases opened, escalated and cured by collections EOD.
``--no-book`` seeds the users only.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from autolend.commands.base import Subparsers, django_setup, format_table


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "seed-demo", help="create the demo users, products, parties and loan book (idempotent)",
        description=__doc__,
    )
    parser.add_argument("--json", action="store_true", help="print the accounts as JSON (progress on stderr)")
    parser.add_argument("--no-book", action="store_true", help="only the demo users: no products, parties or loans")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    django_setup()
    return seed(as_json=args.json, book=not args.no_book)


def seed(*, as_json: bool = False, book: bool = True) -> int:
    """Seed the demo users and print them (with progress, or as JSON), then the demo book.

    Returns the exit status: 1 when the seeded book does not reconcile, else 0.
    """
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
        status = seed_book(sys.stderr) if book else 0
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return status
    print("Seeding demo users:")
    users = demo_users_seed(on_progress=progress)
    created = sum(u.created for u in users)
    print(f"Demo users: {created} created, {len(users) - created} already present.\n")
    print_accounts([u.username for u in users])
    return seed_book(sys.stdout) if book else 0


def seed_book(out: TextIO) -> int:
    """Products, dealers, borrowers and the loan book, with progress on ``out``; then reconcile."""
    import logging
    import time

    from autolend.collateral.demo import CollateralDemo
    from autolend.servicing.demo_book import demo_book_seed
    from autolend.servicing.selectors import reconcile_report

    def say(message: str) -> None:
        print(message, file=out, flush=True)

    started = time.monotonic()
    say("\nSeeding the demo catalogue, dealers, borrowers and loan book:")
    messaging = logging.getLogger("autolend.messaging")  # a year of simulated reminders: not on the console
    level = messaging.level
    messaging.setLevel(logging.WARNING)
    try:
        report = demo_book_seed(say, hooks=[CollateralDemo()])
    finally:
        messaging.setLevel(level)
    if report.status == "skipped":
        say(f"Demo book skipped: {report.message}.")
        return 0
    state = "already present" if report.status == "present" else f"seeded in {time.monotonic() - started:.0f} s"
    say(f"Demo book: {report.loans} loans {state}; business date {report.business_date}.")
    say(collateral_and_cases())
    from autolend.dealer_portal.demo import dealer_portal_seed_demo

    say(dealer_portal_seed_demo())
    from autolend.origination.demo import applications_seed_demo

    applications_seed_demo(report.business_date, say)  # after the book: its borrowers sign
    from autolend.portal.demo import borrower_demo_link

    borrower_demo_link(say, as_of=report.business_date)  # the login 'borrower' signs in by mobile at /portal/
    check = reconcile_report()
    say(f"Reconcile: {'ok' if check['ok'] else 'DIFFERENCES'} ({check['loans_checked']} loans checked, "
        f"trial balance {'balanced' if check['trial_balance_balanced'] else 'NOT BALANCED'}).")
    return 0 if check["ok"] else 1


def collateral_and_cases() -> str:
    """One line: the demo's collateral and collection cases as they stand."""
    from django.db.models import Count

    from autolend.collateral.models import (
        CollateralAlert,
        MortgageRegistration,
        RepossessionOrder,
        Vehicle,
    )
    from autolend.collections.models import CollectionCase

    mortgages = dict(MortgageRegistration.objects.values_list("status").annotate(n=Count("id")))
    cases = dict(CollectionCase.objects.values_list("status").annotate(n=Count("id")))
    return (f"Collateral: {Vehicle.objects.count()} cars, mortgages "
            f"{', '.join(f'{k} {v}' for k, v in sorted(mortgages.items())) or 'none'}, "
            f"{CollateralAlert.objects.filter(is_open=True).count()} open alerts, "
            f"{RepossessionOrder.objects.count()} repossessions. Collection cases: "
            f"{cases.get('open', 0)} open, {cases.get('closed', 0)} closed.")


def print_accounts(usernames: list[str]) -> None:
    """The login table: username, role (in the site's language), password."""
    from autolend.identity.models import Role
    from autolend.identity.services import DEMO_PASSWORD

    rows = [[name, str(Role(name).label), DEMO_PASSWORD, sign_in_hint(name)] for name in usernames]
    print(format_table(["username", "role", "password", "sign in"], rows))


def sign_in_hint(username: str) -> str:
    """Where and how a demo account signs in: the borrower by mobile at /portal/, the dealer at
    /dealer/, staff at /accounts/login/ with a second-step code from ``autolend demo otp``."""
    from autolend.identity.models import Role
    from autolend.portal.demo import borrower_demo_mobile

    if username == Role.BORROWER.value:
        mobile = borrower_demo_mobile()
        return f"/portal/ with mobile {mobile}" if mobile else "/portal/ with the mobile printed after the loan book"
    if username == Role.DEALER.value:
        return "/dealer/"
    return f"/accounts/login/, code: autolend demo otp {username}"
