"""Registering a borrower (借款人登记): every field validated, duplicates refused, one audit event."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from autolend.audit.services import AuditItem, audit_record
from autolend.parties.errors import FieldIssue, PartyError, issue, kyc_issue
from autolend.parties.kyc import bank_card_check, mobile_check, name_check, resident_id_check
from autolend.parties.models import Borrower
from autolend.parties.services._common import borrower_snapshot, now, text_field, yuan
from autolend.rows import rows_insert

MIN_AGE = 18  # full civil capacity (Civil Code art. 17): younger people cannot sign a loan


def borrower_register(
    *,
    name: str,
    resident_id: str,
    mobile: str,
    as_of: date,
    address: str = "",
    employer: str = "",
    monthly_income: Decimal | str | int = 0,
    bank_card: str = "",
    user: Any = None,
    actor: Any = None,
    audit: list[AuditItem] | None = None,
) -> Borrower:
    """Register a borrower and return it; ``PartyError`` lists every field problem at once.

    ``resident_id`` (GB 11643, 18 characters) gives the birth date, sex and province; the borrower
    must be ``MIN_AGE`` or older on ``as_of`` (the business date). ``mobile``: a mainland mobile,
    stored as 11 digits. ``monthly_income`` in yuan. ``bank_card`` optional (Luhn-checked).
    ``user``: the borrower's own login, linked at most once. A resident ID already registered, or a
    user already linked, is refused with ``resident_id_taken`` / ``user_taken``.

    ``audit``: the caller's transaction records the audit event (it is appended to this list, for
    one ``audit_record_many``) and has already looked the resident ID up: the duplicate check is
    left to the unique index, whose ``IntegrityError`` then aborts the caller's transaction.
    """
    values, issues = _borrower_values(
        name=name, resident_id=resident_id, mobile=mobile, as_of=as_of, address=address,
        employer=employer, monthly_income=monthly_income, bank_card=bank_card,
    )
    if not issues and audit is None:
        issues = _duplicates(values["resident_id"], user)
    elif not issues and getattr(user, "pk", None):
        issues = [i for i in _duplicates("", user) if i.field == "user"]
    if issues:
        raise PartyError.from_issues(issues)
    if audit is not None:  # inside the caller's transaction: no savepoint, the unique index decides
        (borrower,) = rows_insert([Borrower(**values, user=user if getattr(user, "pk", None) else None,
                                            created_at=now())])
        audit.append(AuditItem("borrower_register", "borrower", borrower.pk, after=borrower_snapshot(borrower),
                               business_date=as_of))
        return borrower
    try:
        with transaction.atomic():
            (borrower,) = rows_insert([Borrower(**values, user=user if getattr(user, "pk", None) else None,
                                                created_at=now())])
            audit_record("borrower_register", "borrower", borrower.pk, actor=actor,
                         after=borrower_snapshot(borrower), business_date=as_of)
    except IntegrityError as exc:
        # Two registrations of one ID raced past the check above: the unique index decided.
        lost = _duplicates(values["resident_id"], user)
        if not lost:
            raise
        raise PartyError.from_issues(lost) from exc
    return borrower


def _borrower_values(
    *, name: str, resident_id: str, mobile: str, as_of: date, address: str, employer: str,
    monthly_income: Decimal | str | int, bank_card: str,
) -> tuple[dict[str, Any], list[FieldIssue]]:
    issues: list[FieldIssue] = []
    checked_name = name_check(name)
    issues.extend(kyc_issue("name", error) for error in checked_name.errors)
    rid = resident_id_check(resident_id)
    issues.extend(kyc_issue("resident_id", error) for error in rid.errors)
    if rid.ok and rid.birth_date is not None and _age(rid.birth_date, as_of) < MIN_AGE:
        issues.append(issue("resident_id", "borrower_minor"))
    phone = mobile_check(mobile)
    issues.extend(kyc_issue("mobile", error) for error in phone.errors)
    card = bank_card_check(bank_card) if (bank_card or "").strip() else None
    if card is not None:
        issues.extend(kyc_issue("bank_card", error) for error in card.errors)
    values = {
        "name": checked_name.value,
        "resident_id": rid.value,
        "birth_date": rid.birth_date,
        "sex": rid.sex,
        "id_province": rid.province,
        "mobile": phone.value,
        "address": text_field(issues, "address", address, 200),
        "employer": text_field(issues, "employer", employer, 100),
        "monthly_income": yuan(issues, "monthly_income", monthly_income),
        "bank_card": card.value if card is not None else "",
    }
    return values, issues


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _duplicates(resident_id: str, user: Any) -> list[FieldIssue]:
    issues = []
    if resident_id and Borrower.objects.filter(resident_id=resident_id).exists():
        issues.append(issue("resident_id", "resident_id_taken"))
    if getattr(user, "pk", None) and Borrower.objects.filter(user_id=user.pk).exists():
        issues.append(issue("user", "user_taken"))
    return issues
