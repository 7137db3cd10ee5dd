"""The whole business in a browser, in English and in Chinese: a borrower registers (SMS code),
applies in four steps and is referred; an underwriter (password + TOTP) clears the documents and
approves; the borrower sees the offers with the APR as the biggest figure, chooses one and signs
(SMS code); operations user A requests the disbursement and user B approves it (maker-checker);
the borrower pays the first instalment on its due date and the schedule shows it paid."""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path
from typing import Any

import pytest
from tests.browser import journey as j
from tests.browser.conftest import ARTIFACTS

from autolend.identity.models import Role, User
from autolend.origination import testing as t
from autolend.origination.models import Application
from autolend.portal.testing import answers
from autolend.servicing.models import BusinessDay, Installment, Loan, LoanStatus
from autolend.servicing.testing import fresh_books

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
PASSWORD = "Staff-pass-2025"


def staff(username: str, role: Role) -> User:
    """A staff login with a password and, when staff two-factor is installed, an enrolled TOTP device."""
    user = User(username=username, role=role)
    user.set_password(PASSWORD)
    user.save()
    if importlib.util.find_spec("django_otp") is not None:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return user


def otp(username: str) -> str:
    """The current TOTP code of the user's device (the staff 2FA step), as an authenticator shows it."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_borrower_journey(language: str, live_server: Any, chromium: Any, settings: Any, tmp_path: Path) -> None:
    started = time.monotonic()
    t.configure(settings, tmp_path)
    t.seed_catalogue()
    fresh_books()
    BusinessDay.objects.update_or_create(id=1, defaults={"business_date": t.AS_OF})
    for username, role in (("underwriter", Role.UNDERWRITER), ("ops_a", Role.OPERATIONS), ("ops_b", Role.OPERATIONS)):
        staff(username, role)
    base, shot = live_server.url, j.Shots(ARTIFACTS / language)
    phone = "13912345678" if language == "en" else "13987654321"

    borrower = j.new_context(chromium, j.LOCALE[language], j.PHONE_SIZE)
    page = borrower.new_page()
    j.borrower_registers(page, base, phone, language, shot)
    pk = j.borrower_applies(page, base, answers(employment_years="0.2"), shot)
    assert Application.objects.get(pk=pk).status == "referred"
    j.borrower_uploads(page, ["id_card", "driving_licence", "income_proof"], shot)

    office = j.new_context(chromium, office_locale(language), j.DESK_SIZE)
    underwriter = j.staff_signs_in(office, base, "underwriter", PASSWORD, otp, f"/backoffice/applications/{pk}/")
    j.underwriter_approves(underwriter, shot)
    assert Application.objects.get(pk=pk).status == "approved"

    number = j.borrower_chooses_and_signs(page, base, shot)
    assert Loan.objects.get(number=number).status == LoanStatus.PENDING_DISBURSEMENT

    maker = j.staff_signs_in(j.new_context(chromium, office_locale(language), j.DESK_SIZE), base,
                             "ops_a", PASSWORD, otp, f"/backoffice/loans/{number}/")
    j.operations_request(maker, shot)
    checker = j.staff_signs_in(j.new_context(chromium, office_locale(language), j.DESK_SIZE), base,
                               "ops_b", PASSWORD, otp, "/backoffice/approvals/")
    j.operations_approve(checker, shot)
    loan = Loan.objects.get(number=number)
    assert loan.status == LoanStatus.ACTIVE and loan.borrower.username == phone

    first = Installment.objects.get(loan=loan, is_current=True, n=1)
    BusinessDay.objects.filter(id=1).update(business_date=first.due_date)  # a month passes: the first due
    j.borrower_pays(page, base, number, shot)
    first.refresh_from_db()
    assert first.settled_on == first.due_date
    assert len(shot.taken) == 16, shot.taken
    print(f"\n{language}: {len(shot.taken)} screenshots in {time.monotonic() - started:.1f}s")


def office_locale(language: str) -> str:
    return "en-US" if language == "en" else "zh-CN"
