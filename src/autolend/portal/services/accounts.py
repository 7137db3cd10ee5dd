"""Borrower logins (借款人账户): the phone number is the username; the role is borrower."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from autolend.audit.services import audit_record
from autolend.identity.models import Role, User
from autolend.parties.kyc import mask, mobile_check


class AccountError(ValueError):
    def __init__(self, field: str, message: Any) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def phone_normalised(raw: str) -> str:
    """The 11-digit mainland mobile, or AccountError naming ``phone``."""
    checked = mobile_check(str(raw or ""))
    if checked.errors:
        raise AccountError("phone", _("Enter a valid mainland mobile number (11 digits)."))
    return checked.value


def password_hashed(raw: str) -> str:
    """The password hashed with the configured hasher (argon2) — kept in the session until the
    code is confirmed, so the plain password is never stored."""
    return make_password(raw)


def username_for_phone(phone: str) -> str:
    """The username a borrower signs in under with ``phone``: the login named by the number, else
    the one borrower login whose ``phone`` it is (e.g. the demo's ``borrower``), else the number."""
    if User.objects.filter(username=phone).exists():
        return phone
    named = list(User.objects.filter(phone=phone, role=Role.BORROWER).values_list("username", flat=True)[:2])
    return named[0] if len(named) == 1 else phone


def phone_registered(phone: str) -> bool:
    """Whether a login answers to ``phone`` already (named by it, or a borrower's phone)."""
    return User.objects.filter(Q(username=phone) | Q(phone=phone, role=Role.BORROWER)).exists()


def borrower_account_create(phone: str, password_hash: str) -> User:
    """A borrower login for ``phone`` (already confirmed by a code). Refused if it exists."""
    if phone_registered(phone):
        raise AccountError("phone", _("This mobile number is already registered: sign in instead."))
    try:
        with transaction.atomic():
            user = User.objects.create(username=phone, phone=phone, role=Role.BORROWER, password=password_hash)
            audit_record("borrower_account_create", "user", user.pk, actor=user,
                         after={"username": mask(phone, 3, 4), "role": Role.BORROWER.value})
    except IntegrityError:
        raise AccountError("phone", _("This mobile number is already registered: sign in instead.")) from None
    return user
