"""Shared set-up for the servicing interface tests (CLI, API, back office): staff by role, a
disbursed loan on a known business date, the autolend command in process, a signed-in client.

The loan is ``servicing.testing``'s worked example: 100,000.00 at 12% over 12 months, disbursed
2024-01-15 (instalment 8,884.88, first due 2024-02-15); the business date is set to 2024-02-15.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client

from autolend.cli import main
from autolend.identity.models import Role, User
from autolend.identity.testing import login
from autolend.integrations.payments import SimulatedGateway
from autolend.servicing.models import BusinessDay, Loan
from autolend.servicing.testing import book, disbursed_loan

BUSINESS_DATE = date(2024, 2, 15)
INSTALMENT = "8884.88"


def business_date_set(day: date = BUSINESS_DATE) -> None:
    BusinessDay.objects.update_or_create(id=1, defaults={"business_date": day})


def person(role: Role, username: str | None = None) -> User:
    """A user with ``role`` (username defaults to the role's value)."""
    user, _ = User.objects.get_or_create(username=username or role.value, defaults={"role": role})
    return user


def signed_in(role: Role, username: str | None = None, language: str = "en") -> Client:
    """A client signed in as a user with ``role``, asking for pages in ``language``."""
    client = Client(headers={"Accept-Language": language})
    login(client, person(role, username))
    return client


def active_loan() -> Loan:
    """The worked-example loan, disbursed 2024-01-15, with the business date 2024-02-15."""
    loan = disbursed_loan()
    business_date_set()
    SimulatedGateway.reset()  # its payout key must not outlive this test's rolled-back database
    return loan


def pending_loan() -> Loan:
    """A booked loan waiting for its disbursement request (business date 2024-01-15)."""
    loan = book()
    business_date_set(date(2024, 1, 15))
    return loan


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``autolend ARGS`` in this process: (exit status, stdout, stderr)."""
    try:
        status = main(list(args))
    except SystemExit as exc:  # argparse's usage errors
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    status, out, err = run(capsys, *args)
    assert status == 0, err
    return json.loads(out)


def post_json(client: Client, url: str, body: dict[str, Any], **headers: str) -> Any:
    return client.post(url, data=body, content_type="application/json", headers=headers)
